"""A lookup's vocabulary asked for in the file, as structured-data and video lessons size their layers with it:
`len(lookup.get_vocabulary())` and `lookup.vocabulary_size()`, the words from `np.unique` of a list."""

import keras
import numpy as np
from keras import layers

tags = ["Punch", "CricketShot", "Punch", "TennisSwing", "PlayingCello"]
label_processor = keras.layers.StringLookup(num_oov_indices=0, vocabulary=np.unique(tags), mask_token=None)
classes = len(label_processor.get_vocabulary())

colours = layers.StringLookup(vocabulary=["red", "green", "blue"], mask_token="")
years = layers.IntegerLookup(vocabulary=[1999, 2000, 2001, 2002], num_oov_indices=2)

features = keras.Input(shape=(6,))
colour = keras.Input(shape=(1,), dtype="int32")
year = keras.Input(shape=(1,), dtype="int32")
embedded_colour = layers.Embedding(colours.vocabulary_size(), int(colours.vocabulary_size() ** 0.5))(colour)
embedded_year = layers.Embedding(years.vocabulary_size(), 3)(year)
x = layers.Concatenate()([layers.Flatten()(embedded_colour), layers.Flatten()(embedded_year), features])
outputs = layers.Dense(classes, activation="softmax")(x)
classifier = keras.Model([features, colour, year], outputs, name="classifier")
