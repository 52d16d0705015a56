#include "client-term/app/commandline.h"

int main(int argc, char** argv) {
    return bilheteria::term::runCommandLine(argc, argv);
}
