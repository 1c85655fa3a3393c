"""The producer session: one API over briefs, plans, runs, takes, questions,
answers, picks and export, shared by the three front ends (the REPL,
the browser studio and the MCP server). Front ends call this package; none of
them reaches into the graph's nodes or the catalog directly."""

from agent.session.producer import ActiveRun, ProducerSession, QuestionConflict
from agent.session.views import QuestionView, RunStatus, TakeView

__all__ = ["ActiveRun", "ProducerSession", "QuestionConflict", "QuestionView", "RunStatus", "TakeView"]
