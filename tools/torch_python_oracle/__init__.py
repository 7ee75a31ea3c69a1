"""Real torch's truth for tests/python_source/torch_examples: each example's first line names the model and its
input size as convcalc takes them (`# convcalc: --model Net --input-size 1,1,28,28`); the recorder runs the
example (our own code, never a user's) in the throwaway torch venv with `__name__` not "__main__", takes the model
(a variable, else the class made with its defaults), runs torchinfo 1.8.0's summary on it, and writes the text to
tests/python_source/torch_fixtures/NAME.json.

    /work/venvs/torch/bin/python -m tools.torch_python_oracle [EXAMPLE ...]

An example without --input-size gets its input from what its own code passes the model (the test checks that
convcalc finds the same); the recorder is told it by `# truth-input: 64,1,28,28` on the second line.
"""
