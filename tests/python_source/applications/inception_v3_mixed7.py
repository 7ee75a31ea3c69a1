"""The course's horses-or-humans transfer: InceptionV3 cut at mixed7, every layer frozen, a new head."""
from keras import layers
from keras.applications.inception_v3 import InceptionV3
from keras.models import Model

pre_trained_model = InceptionV3(input_shape=(150, 150, 3), include_top=False, weights=None)
for layer in pre_trained_model.layers:
    layer.trainable = False

last_layer = pre_trained_model.get_layer("mixed7")
last_output = last_layer.output
x = layers.Flatten()(last_output)
x = layers.Dense(1024, activation="relu")(x)
x = layers.Dropout(0.2)(x)
x = layers.Dense(1, activation="sigmoid")(x)
model = Model(pre_trained_model.input, x)
