"""More of what layer classes do: lists, dicts and loops of sublayers, a layer class inside another, sublayers
made in build, class constants, properties, static methods, keyword arguments of call, residual blocks."""

import functools

import keras
from keras import layers, ops


class ConvBlock(layers.Layer):
    """Sublayers in a list, applied in a loop; a class constant; a residual projection made in build."""

    expansion = 2

    def __init__(self, filters, depth=2, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.convs = [layers.Conv2D(filters, 3, padding="same") for _ in range(depth)]
        self.norms = {f"norm_{index}": layers.BatchNormalization() for index in range(depth)}

    def build(self, input_shape):
        self.projection = layers.Conv2D(self.filters, 1) if input_shape[-1] != self.filters else None

    def call(self, inputs, training=None):
        x = inputs
        for index, conv in enumerate(self.convs):
            x = conv(x)
            x = self.norms[f"norm_{index}"](x, training=training)
            x = ops.relu(x)
        shortcut = inputs if self.projection is None else self.projection(inputs)
        return x + shortcut


class Stage(layers.Layer):
    """A layer class holding others of the file, a pooling chosen by an argument, a property."""

    def __init__(self, filters, blocks=2, pool="max", **kwargs):
        super().__init__(**kwargs)
        self.blocks = [ConvBlock(filters * ConvBlock.expansion) for _ in range(blocks)]
        self.pool = layers.MaxPooling2D() if pool == "max" else layers.AveragePooling2D(2)

    @property
    def depth(self):
        return len(self.blocks)

    def call(self, inputs):
        x = inputs
        for block in self.blocks[: self.depth]:
            x = block(x)
        return self.pool(x)


class Head(layers.Layer):
    """A static helper, a keyword argument of call, ops on the input's shape."""

    def __init__(self, classes, dropout=0.25, name="head"):
        super().__init__(name=name)
        self.classes = classes
        self.drop = layers.Dropout(dropout)
        self.out = layers.Dense(classes)

    @staticmethod
    def pooled(x):
        return ops.mean(x, axis=[1, 2])

    def call(self, x, training=False, scale=1.0):
        x = self.pooled(x)
        x = self.drop(x, training=training)
        return self.out(x) * scale


class TokenAndPosition(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


class Gate(layers.Layer):
    """Weights made in __init__ with a known shape; two inputs given as a list."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.kernel = self.add_weight(shape=(units, units), initializer="glorot_uniform")
        self.bias = self.add_weight(shape=(units,), initializer="zeros")

    def call(self, inputs):
        first, second = inputs
        gate = ops.sigmoid(ops.matmul(first, self.kernel) + self.bias)
        return gate * first + (1.0 - gate) * second


images = keras.Input((32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(images)
x = Stage(8)(x)
x = Stage(16, blocks=1, pool="average", name="stage_two")(x)
logits = Head(10)(x, training=False, scale=0.5)
staged = keras.Model(images, logits, name="staged")

tokens = keras.Input((20,), dtype="int32")
embedded = TokenAndPosition(20, 1000, 16)(tokens)
left = layers.Dense(16)(embedded)
right = layers.Dense(16, activation="relu")(embedded)
gated = Gate(16)([left, right])
norm = functools.partial(layers.LayerNormalization, epsilon=1e-6)
text = keras.Model(tokens, layers.Dense(2)(layers.GlobalAveragePooling1D()(norm()(gated))), name="text")

stacked = keras.Sequential([keras.Input((8, 8, 4)), ConvBlock(4, depth=1), ConvBlock(6), layers.Flatten()])
