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


class Marking(type):
    def __new__(cls, name, bases, namespace):
        os.system("touch MARKER_metaclass")
        return super().__new__(cls, name, bases, namespace)


def marking(function):
    os.system("touch MARKER_decorator")
    return function


class Base(keras.layers.Layer):
    def __init_subclass__(cls, **kwargs):
        os.system("touch MARKER_init_subclass")
        super().__init_subclass__(**kwargs)


class Noisy(Base, metaclass=Marking):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        os.system("touch MARKER_init")
        self.dense = keras.layers.Dense(3)

    @property
    def width(self):
        os.system("touch MARKER_property")
        return 3

    def build(self, input_shape):
        os.system("touch MARKER_build")

    @marking
    def call(self, inputs):
        os.system("touch MARKER_call")
        open("MARKER_call_open", "w").close()
        return self.dense(inputs) * self.width


layered = keras.Sequential([keras.Input(shape=(5,)), Noisy()])


def build():
    os.system("touch MARKER_in_function")
    return keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4)])


model = build()
