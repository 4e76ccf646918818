/**
 * tfjs's settings for this app, imported before tfjs is used. `PROD` turns off tfjs's own console
 * output: on Node its CPU backend prints an "install our node backend" banner at its first
 * tensor, which the CLI printed before every answer (the native engine is ours; tfjs is the
 * fallback and the format reader). Errors still throw; only tfjs's advice and debug logs go.
 */
import * as tf from '@tensorflow/tfjs-core'

tf.env().set('PROD', true)
