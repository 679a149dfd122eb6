import * as tf from '@tensorflow/tfjs-core';

/*
 * Matrix products whose gradients avoid transposed matmuls: the wasm backend runs
 * matMul(a, b, transposeA/B) about 10× slower than a plain product, so the backward pass
 * transposes explicitly and multiplies untransposed.
 */

type Args = Array<tf.Tensor | tf.GradSaveFunc>;

const matMulOp = tf.customGrad((...args: Args) => {
  const [x, y, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, y]);
  return {
    value: tf.matMul(x, y),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sy] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sy)), tf.matMul(tf.transpose(sx), dy as tf.Tensor2D)];
    },
  };
});

function denseOp(relu: boolean) {
  return tf.customGrad((...args: Args) => {
    const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = tf.fused.matMul({ a: x, b: w, bias: b, activation: relu ? 'relu' : 'linear' });
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sy] = saved as tf.Tensor2D[];
        const dz = (relu ? tf.mul(dy, tf.step(sy)) : dy) as tf.Tensor2D;
        return [tf.matMul(dz, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dz), tf.sum(dz, 0)];
      },
    };
  });
}

const denseRelu = denseOp(true);
const denseLinear = denseOp(false);

/** a [M, K] · b [K, N]. */
export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return matMulOp(a, b) as tf.Tensor2D;
}

/** relu?(x [M, K] · w [K, N] + b [N]): one fused kernel forward, untransposed products backward. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu: boolean): tf.Tensor2D {
  return (relu ? denseRelu : denseLinear)(x, w, b) as tf.Tensor2D;
}
