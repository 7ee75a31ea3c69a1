# Sizes from module-level constants and arithmetic, layer names from f-strings, a comprehension.
from keras import layers, models

IMG_ROWS, IMG_COLS = 48, 40
CHANNELS = 1
BASE = 16
NUM_CLASSES = 7
input_shape = (IMG_ROWS, IMG_COLS, CHANNELS)
HIDDEN = [BASE * 8, BASE * 4]

blocks = []
for i, multiplier in enumerate([1, 2, 4]):
    blocks.append(layers.Conv2D(BASE * multiplier, kernel_size=3, padding="same", name=f"block{i + 1}_conv"))
    blocks.append(layers.MaxPooling2D(pool_size=2, name=f"block{i + 1}_pool"))

model = models.Sequential(
    [layers.Input(shape=input_shape)]
    + blocks
    + [layers.Reshape((IMG_ROWS // 8 * (IMG_COLS // 8), BASE * 4)),
       layers.Flatten(),
       *[layers.Dense(units, activation="relu") for units in HIDDEN],
       layers.Dense(NUM_CLASSES - 1 + 1, activation="softmax")],
    name="emotions",
)
model.summary()
