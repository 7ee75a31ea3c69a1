"""A frozen ResNet50 as the first layer of a Sequential model, imported from its own module."""
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.applications.resnet50 import ResNet50, decode_predictions

base = ResNet50(weights="imagenet", include_top=False, input_shape=(224, 224, 3))
base.trainable = False
model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])

decoded = decode_predictions
