# Top-level code that would leave traces if the file were run or imported: convcalc must leave none.
import os
import subprocess
import pathlib

import keras
import side_effects_helper  # importing it would write a marker too

os.system("touch MARKER_os_system")
subprocess.run(["touch", "MARKER_subprocess"])
pathlib.Path("MARKER_pathlib").write_text("ran")
with open("MARKER_open", "w") as handle:
    handle.write("ran")
exec("open('MARKER_exec', 'w').close()")
eval("__import__('os').system('touch MARKER_eval')")
__import__("os").system("touch MARKER_dunder_import")


def build():
    os.system("touch MARKER_in_function")
    return keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4)])


model = build()
