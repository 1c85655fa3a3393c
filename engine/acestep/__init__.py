"""The `acestep` engine: ACE-Step 1.5 through diffusers' AceStepPipeline (see README.md here).

Importing this package does not import torch or diffusers; ``engine.acestep.engine``
does, when the engine is created.
"""
