#include "client-qt/net/proofofworksolver.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QThread>

#include "shared/proofofwork.h"

namespace bilheteria::client {

namespace {

std::string sha256(std::string_view text) {
    return QCryptographicHash::hash(
               QByteArrayView(text.data(), static_cast<qsizetype>(text.size())),
               QCryptographicHash::Sha256)
        .toStdString();
}

} // namespace

bool ProofOfWorkSolver::solves(const QString& challenge, const QString& solution, int bits) {
    return proofofwork::hasLeadingZeroBits(
        sha256(proofofwork::hashedText(challenge.toStdString(), solution.toStdString())), bits);
}

QString ProofOfWorkSolver::solveNow(const QString& challenge, int bits) {
    return QString::fromStdString(proofofwork::solve(challenge.toStdString(), bits, sha256));
}

void ProofOfWorkSolver::solve(const QString& challenge, int bits, QObject* context,
                              std::function<void(QString)> done) {
    QPointer<QObject> guard(context);
    QThread* worker = QThread::create([challenge, bits, guard, done = std::move(done)] {
        const QString solution = solveNow(challenge, bits);
        if (!guard) return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, solution] {
                if (guard) done(solution);
            },
            Qt::QueuedConnection);
    });
    QObject::connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start(QThread::LowPriority);
}

} // namespace bilheteria::client
