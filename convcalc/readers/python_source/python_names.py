"""Python's own names that the interpreter knows without any framework."""

# Functions of the standard library and of Python itself whose value is known without running anything.
PURE_BUILTINS = frozenset(("range", "len", "int", "float", "bool", "str", "tuple", "list", "dict", "min", "max",
                           "abs", "round", "sum", "enumerate", "zip", "reversed", "sorted", "any", "all", "divmod",
                           "isinstance"))
PURE_MATH = frozenset(("ceil", "floor", "sqrt", "prod", "log2", "log", "gcd", "pi", "e", "isqrt"))

# Libraries whose functions never change a model handed to them (they plot, log, compute on data, save it): a model
# given to a function of any other module (a course's helpers) may have been changed by it.
LIBRARIES = frozenset((
    "keras", "tensorflow", "tf", "torch", "torchvision", "torchinfo", "torchsummary", "numpy", "np", "matplotlib",
    "plt", "seaborn", "sns", "pandas", "pd", "sklearn", "scipy", "PIL", "cv2", "os", "sys", "shutil", "glob",
    "pathlib", "json", "pickle", "math", "random", "time", "datetime", "collections", "itertools", "functools",
    "typing", "tqdm", "IPython", "wandb", "mlflow", "tensorboard", "tensorflow_datasets", "tfds", "zipfile",
    "tarfile", "urllib", "requests", "io", "re", "string", "logging", "warnings", "argparse", "csv", "gc", "pprint",
    "copy", "print", "display", "len", "isinstance", "str", "list"))
