/**
 * Finds a Python that can `import torch`, to run train.py here (tests, trials) and to print the
 * exact command for a job: $TUNESMITH_PYTHON, else /usr/bin/python3 (Debian's python3-torch
 * installs there; a pyenv or venv `python3` first on PATH often lacks torch), else `python3`.
 * Asked asynchronously: importing torch takes a second or two, which must not hold a server.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** How long one candidate may take to import torch before it counts as unusable. */
const PROBE_TIMEOUT_MS = 30_000

export const NO_TORCH_MESSAGE =
  'No Python with PyTorch found (tried $TUNESMITH_PYTHON, /usr/bin/python3 and python3). ' +
  'Install it with `apt-get install python3-torch` (Debian/Ubuntu) or `pip install torch`, or set TUNESMITH_PYTHON to a Python that has it.'

export interface TorchPython {
  /** The interpreter to run train.py with. */
  python: string
  torchVersion: string
  cudaDevices: number
}

export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([env.TUNESMITH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => typeof p === 'string' && p.trim() !== ''))]
}

/** The first candidate that imports torch, or null (say NO_TORCH_MESSAGE). */
export async function findTorchPython(env: NodeJS.ProcessEnv = process.env): Promise<TorchPython | null> {
  for (const python of pythonCandidates(env)) {
    try {
      const { stdout } = await run(python, ['-c', 'import torch, json; print(json.dumps([torch.__version__, torch.cuda.device_count()]))'], { timeout: PROBE_TIMEOUT_MS })
      const [torchVersion, cudaDevices] = JSON.parse(stdout.trim()) as [string, number]
      return { python, torchVersion, cudaDevices }
    } catch {
      // Not there, or no torch: try the next one.
    }
  }
  return null
}
