"""A frozen ConvNeXt (its stem and downsampling blocks are Sequential models inside it) in a Sequential."""
from tensorflow import keras

base = keras.applications.ConvNeXtTiny(include_top=False, weights=None, input_shape=(64, 64, 3), pooling="avg")
base.trainable = False
head = keras.applications.NASNetMobile(weights=None, classes=5, input_shape=(96, 96, 3))
model = keras.Sequential([base, keras.layers.Dense(10)])
