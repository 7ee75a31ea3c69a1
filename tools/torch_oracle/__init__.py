"""PyTorch oracle for convcalc: random nn.Sequential models recorded with real torch and torchinfo 1.8.0.

Run by hand from the repository root, in a throwaway venv holding torch, torchinfo==1.8.0, numpy and pyyaml
(never a dependency of convcalc or its tests):

    /work/venvs/torch/bin/python -m tools.torch_oracle --count 320 --seed 0 --out tests/torch_oracle/fixtures

Each model is drawn module by module (random.Random seeded by (seed, index)): a module is drawn for the
current tensor, built with torch and run on it; one torch refuses is drawn again, so every recorded model is
valid. Some runs of modules are wrapped in nested nn.Sequential (down to depth 4, past torchinfo's default
depth 3). The fixture (`random_NNNN.json`, keys sorted) holds the YAML spec describing the model
(`framework: torch`), torchinfo's text for `summary(model, input_size=...)` at its default depth, its rows
(class, depth, output shape, parameters) and its totals. torchinfo 1.8.0 on Python >= 3.11 prints
`Total mult-adds (Units.MEGABYTES)`; the recorder writes `(M)` (and G, T) as it prints on Python 3.10.
"""
