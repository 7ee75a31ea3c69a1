"""Fine-tuning as the FixRes example does it: the model passes through a training function, then the layers of
the base inside it (`model.layers[2].layers`) are frozen, and one of them unfrozen by name."""

import keras
from keras import layers


def get_training_model(num_classes=5):
    inputs = layers.Input((None, None, 3))
    base = keras.Sequential([layers.Conv2D(4, 3, name="stem"), layers.BatchNormalization(name="post_bn"),
                             layers.GlobalAveragePooling2D()], name="base")
    base.trainable = True
    x = layers.Rescaling(scale=1.0 / 127.5, offset=-1)(inputs)
    x = base(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def train_and_evaluate(model, train_ds, epochs, learning_rate=1e-3):
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(train_ds, epochs=epochs)
    _, accuracy = model.evaluate(train_ds)
    print(f"Top-1 accuracy on the validation set: {accuracy * 100:.2f}%.")
    return model


model = get_training_model()
model = train_and_evaluate(model, None, 3)
for layer in model.layers[2].layers:
    layer.trainable = False
model.layers[2].get_layer("post_bn").trainable = True
