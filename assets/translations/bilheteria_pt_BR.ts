<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>ApiError</name>
    <message>
        <source>Wrong email or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the six-digit code from your authenticator app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That code is not right. Codes change every 30 seconds: try the current one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card was declined. Your seats are still held: try another card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else took some of those seats a moment ago. Please pick again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough tickets are left in this section.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have reached the most tickets one customer may buy for this event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card has reached the most tickets it may buy for this event. Your seats are still held: pay with another card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your hold ran out of time and the seats were released.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This hold is no longer active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets for this event are not on sale right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This event has a waiting room: please wait for your turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account with this email already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts. Please wait %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy or under maintenance. Please try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and the network, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an answer this app does not understand.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventListModel</name>
    <message>
        <source>On sale · waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On sale from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 of %L2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Venue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventListPage</name>
    <message>
        <source>Loading events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Choose an event first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by event or venue (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show events from this day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the list again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::LoginPage</name>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to Bilheteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy tickets for yourself. Box-office staff get their accounts from the venue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Box office, organizers and buyers sign in here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authenticator &amp;code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I already have an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8 characters or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six-digit authenticator code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your email and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::MainWindow</name>
    <message>
        <source>Buyer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Box office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bilheteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All events (Ctrl+F to search)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::Session</name>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address must look like https://host:port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No certificate could be read from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server address first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::TrustDialog</name>
    <message>
        <source>The server&apos;s certificate has changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the server&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 now presents a different certificate than the one you trusted before.&lt;/b&gt; This happens when the server was reinstalled — or when someone is intercepting the connection. Trust it only if the venue&apos;s administrator confirms the new fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the first connection to &lt;b&gt;%1&lt;/b&gt;. Its certificate is not signed by an authority this computer knows. Compare the fingerprint below with the one the server printed when it started (or ask the administrator).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued to: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::WaitingRoomPage</name>
    <message>
        <source>less than a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>about %n minute(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting room · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress in the waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting your place…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone gets a place in the order they arrive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not join the waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your turn has passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You were let in, but the time to choose seats ran out. Each place in the waiting room is let in once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It&apos;s your turn!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your seats before %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are number %L1 in line</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s) ahead of you</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this window open: the seat map opens by itself when it is your turn. Leaving and coming back keeps your place.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
