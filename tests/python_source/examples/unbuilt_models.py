"""Models Keras has not built, never given an input, whose summary a lesson prints before training: each layer
is `?` and, unless Keras built it when it was made (pools, dropouts, activations), `0 (unbuilt)`. A
MultiHeadAttention's own Softmax and Dropout take their names only when it is first called."""

import keras
from keras import layers


def get_model():
    model = keras.Sequential([
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(64, activation="relu"),
        layers.ReLU(),
        layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model


regressor = get_model()


class Block(layers.Layer):
    def __init__(self, dim, heads, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=heads, key_dim=dim)
        self.drop = layers.Dropout(0.1)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(x + self.drop(self.att(x, x)))


class Tagger(keras.Model):
    def __init__(self, vocab, tags, dim=16):
        super().__init__()
        self.embed = layers.Embedding(vocab, dim)
        self.block = Block(dim, 2)
        self.dropout = layers.Dropout(0.1)
        self.out = layers.Dense(tags, activation="softmax")

    def call(self, tokens):
        return self.out(self.dropout(self.block(self.embed(tokens))))


tagger = Tagger(100, 5)

tokens = keras.Input(shape=(12,), dtype="int32")
x = layers.Embedding(100, 16)(tokens)
late = Block(16, 2)  # its attention's Softmax and Dropout are named when it is called, after `extra`
extra = layers.Dropout(0.2)
called = keras.Model(tokens, layers.Dense(3)(extra(late(x))), name="called")
