#include "tests/support/storagefixture.h"

#include <chrono>

namespace bilheteria::testing {

using namespace std::chrono_literals;

void expectNoDatabaseText(const Error& error) {
    for (const char* word : {"INSERT", "SELECT", "UPDATE", "CONSTRAINT", "constraint", "violates",
                             "sqlite", "SQLITE", "ERROR:"})
        EXPECT_EQ(error.message.find(word), std::string::npos)
            << "message leaks database text: " << error.message;
}

void StorageTest::SetUp() {
    m_database = std::make_unique<TestDatabase>(GetParam());
    auto opened = openStorage(options());
    ASSERT_TRUE(opened) << errorCodeName(opened.error().code) << ": " << opened.error().message;
    m_storage = std::move(*opened);
}

void StorageTest::TearDown() {
    m_storage.reset();
    m_database.reset();
}

StorageOptions StorageTest::options(int poolSize) const {
    StorageOptions options;
    options.url = m_database->url();
    options.poolSize = poolSize;
    options.cipher = testCipher();
    return options;
}

User StorageTest::addUser(const std::string& email, Role role) {
    auto user = storage().accounts().createUser(NewUser{email, "Test User", role, kPasswordHash});
    EXPECT_TRUE(user) << user.error().message;
    return user.value_or(User{});
}

Id StorageTest::organizer() {
    if (m_organizer == 0) m_organizer = addUser("organizer@example.com", Role::Organizer).id;
    return m_organizer;
}

NewEvent StorageTest::event(std::string name, TimePoint startsAt,
                            std::vector<NewSection> sections) {
    NewEvent event;
    event.name = std::move(name);
    event.venue = "Arena";
    event.startsAt = startsAt;
    event.saleStartsAt = kNow;
    event.saleEndsAt = startsAt - 1h;
    event.sections = std::move(sections);
    event.createdBy = organizer();
    event.createdAt = kNow;
    return event;
}

std::vector<EventSummary> StorageTest::events() {
    auto listed = storage().events().listEvents(kNow);
    EXPECT_TRUE(listed) << listed.error().message;
    return listed.value_or(std::vector<EventSummary>{});
}

std::vector<Seat> StorageTest::seats(Id eventId) {
    std::vector<Seat> visited;
    auto result = storage().events().forEachSeat(
        eventId, kNow, [&](const Seat& seat) { visited.push_back(seat); });
    EXPECT_TRUE(result) << result.error().message;
    return visited;
}

} // namespace bilheteria::testing
