"""A whole lesson as a course notebook exports it: data from a folder, previews, a model, training, plots.

Read with: convcalc summary whole_lesson_flowers.py --set num_classes=5
(the number of classes comes from the folders on disk, which convcalc never lists).
"""

import os

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

DATA_DIR = "flower_photos"
IMAGE_SIZE = (96, 96)
BATCH_SIZE = 32

skipped = 0
for folder in os.listdir(DATA_DIR):
    for name in os.listdir(os.path.join(DATA_DIR, folder)):
        path = os.path.join(DATA_DIR, folder, name)
        try:
            handle = open(path, "rb")
            ok = b"JFIF" in handle.peek(10)
        finally:
            handle.close()
        if not ok:
            skipped += 1
            os.remove(path)
print(f"Removed {skipped} files")

train_ds, val_ds = keras.utils.image_dataset_from_directory(
    DATA_DIR, validation_split=0.2, subset="both", seed=7, image_size=IMAGE_SIZE, batch_size=BATCH_SIZE)
class_names = train_ds.class_names
num_classes = len(class_names)

plt.figure(figsize=(8, 8))
for images, labels in train_ds.take(1):
    for i in range(9):
        plt.subplot(3, 3, i + 1)
        plt.imshow(np.array(images[i]).astype("uint8"))
        plt.title(class_names[int(labels[i])])
        plt.axis("off")

noise = keras.Sequential([layers.GaussianNoise(0.1), layers.Dropout(0.05)], name="noise")

for images, _ in train_ds.take(1):
    for i in range(4):
        noisy = noise(images)
        plt.subplot(2, 2, i + 1)
        plt.imshow(np.array(noisy[0]).astype("uint8"))


def conv_block(x, filters, pool=True):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = keras.activations.relu(x)
    if pool:
        x = layers.MaxPooling2D()(x)
    return x


def make_model(input_shape, num_classes, widths=(16, 32, 64)):
    inputs = keras.Input(shape=input_shape)
    x = noise(inputs)
    x = layers.Rescaling(1.0 / 255)(x)
    for width in widths:
        x = conv_block(x, width)
    skip = x
    x = conv_block(x, widths[-1], pool=False)
    x = x + skip
    x = layers.GlobalAveragePooling2D()(x)
    if num_classes == 2:
        units, activation = 1, "sigmoid"
    else:
        units, activation = num_classes, "softmax"
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(units, activation=activation)(x)
    return keras.Model(inputs, outputs, name="flowers_cnn")


model = make_model(IMAGE_SIZE + (3,), num_classes)
model.summary()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(train_ds, validation_data=val_ds, epochs=10)

for key in ("accuracy", "val_accuracy"):
    plt.plot(history.history[key], label=key)
plt.legend()

conv_outputs = [layer.output for layer in model.layers if isinstance(layer, layers.Conv2D)]
feature_model = keras.Model(inputs=model.inputs, outputs=conv_outputs[:2], name="features")

for images, labels in val_ds.take(1):
    scores = model.predict(images)
    print([class_names[int(np.argmax(row))] for row in scores[:5]])
