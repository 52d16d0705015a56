#include "server/app/keyscommand.h"

#include <iostream>
#include <set>

#include "server/app/datadir.h"
#include "server/store/fieldkeys.h"
#include "server/store/keysfile.h"

namespace bilheteria {

namespace {

int failed(const std::string& what, const Error& error) {
    std::cerr << "error: " << what << ": " << error.message << "\n";
    return 1;
}

} // namespace

void addKeysFileOption(CLI::App& command, std::string& keysFile) {
    command
        .add_option("--keys-file", keysFile,
                    "The keys that seal personal data (mode 0600; default: DATA-DIR/keys)")
        ->envname("BILHETERIA_KEYS_FILE");
}

std::string DatabaseOptions::keysFilePath() const {
    return bilheteria::keysFilePath(keysFile, dataDir);
}

void addDatabaseOptions(CLI::App& command, DatabaseOptions& options) {
    command.add_option("--database", options.database, "sqlite:PATH or postgresql://...")
        ->required();
    command.add_option("--data-dir", options.dataDir, "Data dir (for the default keys file)")
        ->capture_default_str();
    addKeysFileOption(command, options.keysFile);
}

KeysCommands::KeysCommands(CLI::App& app) {
    auto* keys = app.add_subcommand("keys", "The keys that seal names, e-mails and TOTP secrets");
    keys->require_subcommand(1);
    m_init = keys->add_subcommand("init", "Create a keys file with new keys (mode 0600)");
    m_init->add_option("--data-dir", m_initOptions.dataDir, "Data dir (for the default keys file)")
        ->capture_default_str();
    addKeysFileOption(*m_init, m_initOptions.keysFile);

    m_rotate = keys->add_subcommand(
        "rotate", "Add a new current key to the keys file and seal every value again under it, "
                  "in batches; servers may keep running");
    addDatabaseOptions(*m_rotate, m_rotateOptions);
    m_rotate->add_flag("--resume", m_resume,
                       "Add no key: finish sealing under the current key (after an interruption, "
                       "or values written by servers started before the rotation)");
    m_rotate->add_option("--batch", m_batchSize, "Users per transaction")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));

    m_status = keys->add_subcommand("status", "How many stored values each key seals");
    addDatabaseOptions(*m_status, m_statusOptions);
}

bool KeysCommands::parsed() const {
    return m_init->parsed() || m_rotate->parsed() || m_status->parsed();
}

int KeysCommands::run() {
    if (m_init->parsed()) return init();
    if (m_rotate->parsed()) return rotate();
    return status();
}

int KeysCommands::init() {
    const auto path = m_initOptions.keysFilePath();
    auto written = writeKeysFile(path, generateFieldKeys(), true);
    if (!written) return failed("cannot create the keys file", written.error());
    std::cout << "created " << path << " (mode 0600) with key k1 current and an index key; back "
              << "it up apart from the database" << std::endl;
    return 0;
}

int KeysCommands::rotate() {
    const auto path = m_rotateOptions.keysFilePath();
    if (!m_resume) {
        auto keys = readKeysFile(path);
        if (!keys) return failed("cannot read the keys file", keys.error());
        // The old keys stay: values sealed under them are read until they are sealed again.
        const auto rotated = withNewCurrentKey(std::move(*keys));
        auto written = writeKeysFile(path, rotated, false);
        if (!written) return failed("cannot write the keys file", written.error());
        std::cout << "added key " << rotated.currentKeyId << " to " << path << " as the current key"
                  << std::endl;
    }
    auto storage = openDatabase(m_rotateOptions.database, 2, path);
    if (!storage) return failed("cannot open the database", storage.error());
    std::int64_t examined = 0;
    auto resealed =
        resealAllUsers((*storage)->fieldKeys(), true, m_batchSize, [&](const ResealBatch& batch) {
            examined += batch.examined;
            std::cout << "  " << examined << " users looked at" << std::endl;
        });
    if (!resealed)
        return failed("resealing stopped (run `keys rotate --resume`)", resealed.error());
    std::cout << "sealed " << *resealed << " of " << examined
              << " users again under the current key; `keys status` tells which old keys no "
                 "value uses any more (those may leave the keys file)"
              << std::endl;
    return 0;
}

int KeysCommands::status() {
    const auto path = m_statusOptions.keysFilePath();
    auto keys = readKeysFile(path);
    if (!keys) return failed("cannot read the keys file", keys.error());
    auto storage = openDatabase(m_statusOptions.database, 2, path);
    if (!storage) return failed("cannot open the database", storage.error());
    auto counts = (*storage)->fieldKeys().countSealedValues();
    if (!counts) return failed("cannot count the sealed values", counts.error());
    std::set<std::string> ids;
    for (const auto& key : keys->keys)
        ids.insert(key.id);
    for (const auto& [id, count] : *counts)
        ids.insert(id);
    for (const auto& id : ids) {
        const auto count = counts->contains(id) ? counts->at(id) : 0;
        std::cout << id << ": " << count << " value(s)";
        if (id == keys->currentKeyId)
            std::cout << ", current";
        else if (id != kPlaintextKeyId && count == 0)
            std::cout << ", unused: may leave the keys file";
        std::cout << "\n";
    }
    std::cout << std::flush;
    return 0;
}

} // namespace bilheteria
