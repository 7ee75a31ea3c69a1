"""A regularizer class of the file (PointNet's orthogonal one), given to a layer: it changes no shape or count."""

import keras
from keras import layers, ops


class OrthogonalRegularizer(keras.regularizers.Regularizer):
    def __init__(self, num_features, l2reg=0.001):
        self.num_features = num_features
        self.l2reg = l2reg
        self.eye = ops.eye(num_features)

    def __call__(self, x):
        x = ops.reshape(x, (-1, self.num_features, self.num_features))
        xxt = ops.tensordot(x, x, axes=(2, 2))
        xxt = ops.reshape(xxt, (-1, self.num_features, self.num_features))
        return ops.sum(self.l2reg * ops.square(xxt - self.eye))


class Stricter(OrthogonalRegularizer):
    pass


points = keras.Input(shape=(32, 3))
x = layers.Conv1D(8, 1, activation="relu")(points)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(9, kernel_initializer="zeros", bias_initializer=keras.initializers.Constant(0.0),
                 activity_regularizer=OrthogonalRegularizer(3))(x)
transform = layers.Reshape((3, 3))(x)
y = layers.Dense(4, kernel_regularizer=Stricter(2))(layers.Flatten()(transform))
pointnet_block = keras.Model(points, y, name="pointnet_block")
