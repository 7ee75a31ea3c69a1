"""keras.Model subclasses as the Keras guides teach them, given an input three ways: build, a call on an array,
a call on keras.Input; and one used as a layer of a functional model."""

import numpy as np
import keras
from keras import layers, ops


class Net(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = layers.Conv2D(32, 3, activation="relu")
        self.pool = layers.MaxPooling2D()
        self.conv2 = layers.Conv2D(64, 3, activation="relu")
        self.flatten = layers.Flatten()
        self.blocks = [layers.Dense(64), layers.Dense(32)]
        self.bn = layers.BatchNormalization()
        self.out = layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.pool(self.conv1(x))
        x = self.pool(self.conv2(x))
        x = self.flatten(x)
        for block in self.blocks:
            x = block(x)
        x = self.bn(x, training=training)
        return self.out(x)


class Residual(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.dense = layers.Dense(units)

    def call(self, x):
        return x + self.dense(x)


class MLP(keras.Model):
    def __init__(self, hidden=32, depth=2, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Dense(hidden)
        self.stack = keras.Sequential([Residual(hidden) for _ in range(depth)])
        self.head = layers.Dense(3, activation="softmax")

    def call(self, inputs):
        x = ops.relu(self.embed(inputs))
        return self.head(self.stack(x))


built = Net()
built.build((None, 28, 28, 1))

called = Net(num_classes=5)
called(np.zeros((1, 28, 28, 1)))

symbolic = MLP(name="mlp")
symbolic(keras.Input((12,)))

features = keras.Input((12,))
inside = keras.Model(features, layers.Dense(1)(MLP(hidden=8)(features)), name="inside")


class Distiller(keras.Model):
    """Never called: Keras shows the models it holds, each built on its own input."""

    def __init__(self, student, teacher):
        super().__init__()
        self.teacher = teacher
        self.student = student

    def call(self, x):
        return self.student(x)


teacher = keras.Sequential([keras.Input((16,)), layers.Dense(32), layers.BatchNormalization(), layers.Dense(4)],
                           name="teacher")
student = keras.Sequential([keras.Input((16,)), layers.Dense(4)], name="student")
distiller = Distiller(student=student, teacher=teacher)
