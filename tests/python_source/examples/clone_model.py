"""keras.models.clone_model: copies keep the names of the model, its layers and its input, and take none from
the session's counters but the Functional model a Sequential copy builds and what constructors make again."""

import keras
import tensorflow as tf
from keras import layers

student = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Flatten(),
        layers.Dense(10),
    ],
    name="student",
)
student_scratch = keras.models.clone_model(student)

frozen = keras.Sequential([layers.Dense(4, input_shape=(8,)), layers.Dense(2)])
frozen.trainable = False
frozen_copy = tf.keras.models.clone_model(frozen)
on_tensor = keras.models.clone_model(frozen, input_tensors=keras.Input((8,), batch_size=16))

inner = keras.Sequential([keras.Input((6,)), layers.Dense(3)], name="inner")
outer = keras.Sequential([keras.Input((6,)), inner, layers.Dense(1)], name="outer")
outer_copy = keras.models.clone_model(outer)

tokens = keras.Input((5, 8), name="tokens")
shared = layers.Dense(8)
x = shared(tokens)
x = layers.MultiHeadAttention(num_heads=2, key_dim=4)(x, x)
x = shared(x) * 0.5 + tokens
encoder = keras.Model(tokens, layers.GlobalAveragePooling1D()(x), name="encoder")
encoder_copy = keras.models.clone_model(encoder)
on_new_input = keras.models.clone_model(encoder, input_tensors=keras.Input((5, 8)))

wrapper_input = keras.Input((5, 8), name="sequence")
wrapped = keras.Model(wrapper_input, layers.Dense(2)(encoder(wrapper_input)), name="wrapped")
wrapped_copy = keras.models.clone_model(wrapped)

after = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dropout(0.1), layers.Softmax()])
frozen_inner = keras.Sequential([keras.Input((6,)), layers.Dense(3)], name="frozen_inner")
frozen_inner.trainable = False
holder = keras.Sequential([keras.Input((6,)), frozen_inner, layers.Dense(1)], name="holder")
holder_copy = keras.models.clone_model(holder)  # the inner copy is not frozen itself, its layers are

features = keras.Input((4,), name="features")
frozen_functional = keras.Model(features, layers.Dense(2)(features), name="frozen_functional")
frozen_functional.trainable = False
functional_copy = keras.models.clone_model(frozen_functional)  # Keras does not pass trainable to a Functional copy
holders = keras.Sequential([keras.Input((4,)), functional_copy, layers.Dense(1)], name="holders")

last_input = keras.Input((3,))
last = keras.Model(last_input, layers.Dense(1)(last_input))
