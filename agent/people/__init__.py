"""People in the loop: reading a person's answers (terminal or scripted stdin),
showing proposals and takes, and turning answers into LangGraph resume values.
Shared by `aceprod album --autonomy supervised|collaborative` and `aceprod repl`."""
