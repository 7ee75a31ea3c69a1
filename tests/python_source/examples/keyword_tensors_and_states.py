"""A layer class called with tensors by keyword (`source=x, source_mask=english != 0`), built-in layers called
by keyword inside it, and recurrent layers given their first states (`initial_state=`), as Keras connects them:
the keyword tensors after the positional ones, by sorted name."""

import keras
from keras import layers


class Encoder(keras.Layer):
    def __init__(self, hidden_dim, num_heads):
        super().__init__()
        self.attention = layers.MultiHeadAttention(num_heads, hidden_dim // num_heads)
        self.norm = layers.LayerNormalization()
        self.dense = layers.Dense(hidden_dim)

    def call(self, source, source_mask):
        mask = source_mask[:, None, :]
        x = self.attention(query=source, key=source, value=source, attention_mask=mask)
        x = self.norm(x + source)
        return self.dense(x)


english = keras.Input(shape=(None,), dtype="int32", name="english")
embedded = layers.Embedding(100, 16)(english)
encoded = Encoder(16, 2)(source=embedded, source_mask=english != 0)
third = keras.Model(english, layers.Dense(3)(encoded))

source = keras.Input(shape=(None,), dtype="int32", name="source")
target = keras.Input(shape=(None,), dtype="int32", name="target")
state = layers.GRU(24)(layers.Embedding(40, 8, mask_zero=True)(source))
decoded = layers.GRU(24, return_sequences=True)(layers.Embedding(40, 8, mask_zero=True)(target), initial_state=state)
lstm_states = [layers.Dense(10)(state), layers.Dense(10)(state)]
encoded_again = layers.LSTM(10)(layers.Embedding(40, 8)(target), initial_state=lstm_states)
fourth = keras.Model([source, target], [layers.Dense(40)(decoded), encoded_again])
