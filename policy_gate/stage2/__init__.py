"""Stage 2: lemmas and parts of speech (SudachiPy, sudachidict_core, mode C), read only
for what stage 1 flagged or was unsure of. The dictionary loads once per process, when
stage 2 first runs, so importing the gate and loading the policy stay fast."""
