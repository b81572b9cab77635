"""Node positions computed in Python, so a browser never has to simulate a big graph.

vis-network's physics is fine for a few hundred nodes and hopeless for
thousands (pyvis users report minutes for 1,500 nodes and hours for 20,000).
The force-directed layout here is igraph's Fruchterman-Reingold in C with a
grid approximation: about a quarter of a second for 5,000 nodes, where
networkx's pure-Python ``spring_layout`` takes over a minute and
``forceatlas2_layout`` nearly two. Starting positions come from a seeded
generator (igraph's own generator is seeded too), so the same graph always gets the same picture; the static image
and the interactive page use the same positions.

Examples
--------
>>> pos = layout_positions(["a", "b", "c"], [("a", "b"), ("b", "c")])
>>> sorted(pos) == ["a", "b", "c"] and pos == layout_positions(["a", "b", "c"], [("a", "b"), ("b", "c")])
True
"""

from __future__ import annotations

import math
import random
from typing import Iterable, Sequence

#: pixels of layout extent per square root of the node count (vis-network coordinates)
SPREAD = 160.0


def layout_positions(node_ids: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = 7,
                     iterations: int = 500) -> dict[str, tuple[float, float]]:
    """Positions ``{id: (x, y)}`` centred on the origin, about ``SPREAD * sqrt(n)`` across.

    Parallel and reversed edges count once; self-loops are ignored.
    """
    import igraph

    n = len(node_ids)
    if n == 0:
        return {}
    if n == 1:
        return {node_ids[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(node_ids)}
    pairs = sorted({tuple(sorted((index[s], index[d]))) for s, d in edges
                    if s in index and d in index and s != d})
    graph = igraph.Graph(n=n, edges=pairs)
    rng = random.Random(seed)
    half = math.sqrt(n) / 2  # igraph's own starting box; a tighter one defeats the grid
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(n)]
    # igraph draws from a process-wide generator; seed it for this call only
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = graph.layout_fruchterman_reingold(seed=start, niter=iterations, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = SPREAD * math.sqrt(n) / span
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1))
            for node, (x, y) in zip(node_ids, coords)}
