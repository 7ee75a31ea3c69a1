"""keras.io's fine-tuning: EfficientNetB0 with only its last 20 layers trainable, called with training=False."""
import keras
from keras import layers

base = keras.applications.EfficientNetB0(include_top=False, weights="imagenet", input_shape=(224, 224, 3))
base.trainable = True
for layer in base.layers[:-20]:
    layer.trainable = False

inputs = keras.Input(shape=(224, 224, 3))
x = base(inputs, training=False)
x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
x = layers.Dropout(0.2, name="top_dropout")(x)
outputs = layers.Dense(5, activation="softmax", name="pred")(x)
model = keras.Model(inputs, outputs, name="EfficientNet")
