# Course code written for Keras 2: Embedding's input_length and input_shape repeated on later layers.
import tensorflow as tf
from keras.models import Sequential
from keras.layers import Dense, Dropout

vocab_size = 10000
embedding_dim = 16
max_length = 120

text_model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, embedding_dim, input_length=max_length),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(6, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid')
])
text_model.build(input_shape=(None, max_length))
text_model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
text_model.summary()

mlp = Sequential()
mlp.add(Dense(512, activation='relu', input_shape=(784,)))
mlp.add(Dropout(0.2))
mlp.add(Dense(512, activation='relu', input_shape=(784,)))
mlp.add(Dropout(0.2))
mlp.add(Dense(10, activation='softmax'))
mlp.summary()
