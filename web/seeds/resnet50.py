import keras

model = keras.applications.ResNet50(weights=None)
