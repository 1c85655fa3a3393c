"""Sound sources of the sketch engine: numba voice kernels, drum one-shots, patches."""
