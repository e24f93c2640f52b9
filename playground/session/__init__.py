"""One student's session: its state, the settings table that drives the sidebar, the link and the
engine's spec, the widget keys, notices, limits, the lesson and panel tables, and the challenge
it plays. Below every page module; imports only the engine, charts/ and server/."""
