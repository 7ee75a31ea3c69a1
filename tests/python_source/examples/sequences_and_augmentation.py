"""A text model with wrapped recurrent layers and an image model whose augmentation layers name more layers."""
import keras
from keras import layers

augment = keras.Sequential([
    keras.Input((32, 32, 3)),
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
])
model = keras.Sequential([
    keras.Input(shape=(40,)),
    layers.Embedding(5000, 32),
    layers.Bidirectional(layers.LSTM(32, return_sequences=True)),
    layers.TimeDistributed(layers.Dense(8)),
    layers.LSTM(4),
    layers.Dense(1, activation="sigmoid"),
])
model.summary()
cells = keras.Sequential([keras.Input((9, 3)), layers.RNN([layers.GRUCell(4), layers.SimpleRNNCell(3)]),
                          layers.Dense(2)])
img = keras.Sequential([keras.Input((32, 32, 3)), layers.RandAugment(), layers.RandomContrast(0.2),
                        layers.Resizing(24, 24), layers.Conv2D(4, 3)])
img.summary()
