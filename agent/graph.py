"""The producer graph.

    planner -> generate x (tracks x candidates) -> critic -> repair_router
       repair_router -> approval -> repair x N -> critic ...   (while repairs are proposed)
       repair_router -> pick -> dataset_builder -> preferences -> curator -> reporter -> END

``pick`` asks a person to choose each track's take (supervised and
collaborative runs; a no-op when autonomous); ``approval`` asks them about each
repair (collaborative). ``preferences`` stores their choices and the reference
clip's similarities in the catalog and re-learns the planner heuristics.

Routing functions are pure (state in, node names or Sends out). Workers run in
parallel; the engine itself is guarded by a lock in the context so analysis of
one take overlaps the rendering of the next.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph
from langgraph.types import Send

from agent.context import AgentContext
from agent.nodes.approval import after_approval, approval
from agent.nodes.critic import critic
from agent.nodes.curator import curator
from agent.nodes.dataset_builder import dataset_builder
from agent.nodes.generate import fan_out, generate
from agent.nodes.pick import pick
from agent.nodes.planner import planner
from agent.nodes.preferences import preferences
from agent.nodes.repair import repair
from agent.nodes.repair_router import after_router, repair_router
from agent.nodes.reporter import reporter
from agent.state import AlbumState


def after_planner(state: AlbumState, runtime) -> list[Send] | str:
    sends = fan_out(state, runtime)
    return sends if sends else "critic"


def after_repairs(state: AlbumState) -> str:
    """The router's choice, with the person's pick between the repair loop and the catalog."""
    nxt = after_router(state)
    return "pick" if nxt == "dataset_builder" else nxt


# the straight edges; the branching ones are conditional edges in build_graph
EDGES = [(START, "planner"), ("generate", "critic"), ("critic", "repair_router"), ("repair", "critic"),
         ("pick", "dataset_builder"), ("dataset_builder", "preferences"), ("preferences", "curator"),
         ("curator", "reporter"), ("reporter", END)]


def build_graph(checkpointer=None):
    """Compile the producer graph (with ``checkpointer`` for resumable runs)."""
    g = StateGraph(AlbumState, context_schema=AgentContext)
    for node in (planner, generate, critic, repair_router, approval, repair, pick, dataset_builder, preferences,
                 curator, reporter):
        g.add_node(node.__name__, node)
    for a, b in EDGES:
        g.add_edge(a, b)
    g.add_conditional_edges("planner", after_planner, ["generate", "critic"])
    g.add_conditional_edges("repair_router", after_repairs, ["approval", "pick"])
    g.add_conditional_edges("approval", after_approval, ["repair", "repair_router"])
    return g.compile(checkpointer=checkpointer)
