"""The `sketch` engine: an embedded CPU arrangement synthesizer (numpy/scipy/numba).

It turns a StageRequest into a real multi-stem arrangement (drums, bass, keys,
guitar, strings, brass, synth, formant voice ...) so that everything above the
engine runs on any laptop, and so ACE-Step can later cover the sketch.
"""
