import keras
from my_course_helpers import conv_block

model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    conv_block(32),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
