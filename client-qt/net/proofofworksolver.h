// Solves the server's proof-of-work challenges (SHA-256 of "challenge:solution" starting with
// N zero bits) on a worker thread, so the person never notices: at the server's usual 12–16
// bits that is a few milliseconds to a second of one core.
#pragma once

#include <QObject>
#include <QString>
#include <functional>

namespace bilheteria::client {

class ProofOfWorkSolver {
public:
    // Whether `solution` solves `challenge` at `bits`.
    static bool solves(const QString& challenge, const QString& solution, int bits);
    // Solves on a worker thread; `done` runs on `context`'s thread with the solution, unless
    // `context` is gone by then.
    static void solve(const QString& challenge, int bits, QObject* context,
                      std::function<void(QString)> done);
    // The same, here and now (tests, tools).
    static QString solveNow(const QString& challenge, int bits);
};

} // namespace bilheteria::client
