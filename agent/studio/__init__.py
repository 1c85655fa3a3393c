"""The studio: a local web app to listen to every take, A/B them at the same
position, see where the defects are, and answer the run's questions (pick a
take, approve / reject / edit a repair) over the shared producer session."""
