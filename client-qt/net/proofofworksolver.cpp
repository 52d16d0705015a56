#include "client-qt/net/proofofworksolver.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QThread>

namespace bilheteria::client {

namespace {

bool hashSolves(const QByteArray& digest, int bits) {
    for (int bit = 0; bit < bits; ++bit) {
        const auto byte = static_cast<unsigned char>(digest[bit / 8]);
        if (byte & (0x80u >> (bit % 8))) return false;
    }
    return true;
}

} // namespace

bool ProofOfWorkSolver::solves(const QString& challenge, const QString& solution, int bits) {
    if (bits <= 0) return true;
    if (bits > 256) return false;
    const QByteArray text = challenge.toUtf8() + ':' + solution.toUtf8();
    return hashSolves(QCryptographicHash::hash(text, QCryptographicHash::Sha256), bits);
}

QString ProofOfWorkSolver::solveNow(const QString& challenge, int bits) {
    const QByteArray prefix = challenge.toUtf8() + ':';
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (quint64 counter = 0;; ++counter) {
        const QByteArray candidate = QByteArray::number(counter);
        hash.reset();
        hash.addData(prefix);
        hash.addData(candidate);
        if (bits <= 0 || hashSolves(hash.result(), bits)) return QString::fromLatin1(candidate);
    }
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
