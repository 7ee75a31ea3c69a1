# Less common spellings: two inputs and two outputs, concatenate(), InputLayer(input_shape=...) (Keras 2),
# Dense(input_dim=...), pop(), build() with a batch size, get_layer(), helpers with *args and defaults.
import keras
from keras import layers
from keras.layers import InputLayer

DEPTH = 3


def dense_stack(*widths, activation="relu"):
    return [layers.Dense(width, activation=activation) for width in widths if width > 0]


image = keras.Input(shape=(32, 32, 3), name="image")
meta = keras.Input(shape=(8,), name="meta")
x = image
i = 0
while i < DEPTH:
    x = layers.Conv2D(8 * 2 ** i, 3, padding="same" if i % 2 == 0 else "valid", activation="relu")(x)
    i += 1
x = layers.GlobalMaxPooling2D()(x)
for dense in dense_stack(16, 0, 8, activation="tanh"):
    meta_features = dense(meta) if dense.name == "dense" else dense(meta_features)
joined = layers.concatenate([x, meta_features], axis=-1, name="joined")
score = layers.Dense(1, activation="sigmoid", name="score")(joined)
kind = layers.Dense(4, activation="softmax", name="kind")(joined)
two_heads = keras.Model(inputs=[image, meta], outputs=[score, kind])
two_heads.get_layer("joined").trainable = False

legacy = keras.Sequential()
legacy.add(InputLayer(input_shape=(10,)))
legacy.add(layers.Dense(32))
legacy.add(layers.Dense(99))
legacy.pop()
legacy.add(layers.Dense(2))

batched = keras.Sequential([layers.Dense(4, input_dim=6), layers.BatchNormalization(), layers.Dense(1)])
batched2 = keras.Sequential([layers.Dense(5), layers.Dense(1)])
batched2.build((16, 6))
if DEPTH > 2:
    frozen_model = keras.Sequential([keras.Input((6,)), layers.Dense(3), layers.Dense(1)])
    frozen_model.trainable = False
else:
    frozen_model = None
