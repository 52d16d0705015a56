// bilheteria-server: everything lives in bilheteria_app so the tests link the real code.
#include "server/app/commandline.h"

int main(int argc, char** argv) {
    return bilheteria::runCommandLine(argc, argv);
}
