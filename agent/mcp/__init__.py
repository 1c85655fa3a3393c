"""aceprod as a Model Context Protocol server (stdio), over the producer session."""
