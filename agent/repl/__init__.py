"""`aceprod repl`: produce a track or an album by talking to the producer.

session.py holds the state of a session (plan, runs, pending questions),
planedit.py edits plans, commands.py maps command words to session methods,
display.py draws tables, completion.py completes commands and ids, loop.py
reads lines and keeps every error to one line."""
