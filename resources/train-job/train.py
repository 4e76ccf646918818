#!/usr/bin/env python3
"""
Tunesmith training job: trains Tunesmith's character model (Embedding -> stacked LSTM -> Dense) with
PyTorch DistributedDataParallel, on the text, vocabulary and settings that `train-job export`
wrote next to this file. Bring the result home with `npm run cli -- train-job import DIR --name NAME`
(or the Training view's "Import a finished job").

  One machine, N processes (CPU cores or GPUs):  python3 train.py --nproc-per-node N
  A cluster (one torchrun per node):             torchrun --nnodes M --nproc_per_node N \
                                                     --rdzv_backend c10d --rdzv_endpoint HOST:29500 train.py
  A quick trial:                                  python3 train.py --nproc-per-node 2 --max-steps 20
  Score a checkpoint on the validation text:     python3 train.py --evaluate checkpoints/step-0000020.safetensors

It does what the app's trainer does (src-main/model/training/loop.ts), so a job continues the way a
run in the app would have:
- the same data: train.txt (cleaned training tunes), shuffled by tune every epoch with the app's
  seeded generator (mulberry32), cut into [batch x seq_len] stateful windows: the stream is split
  into rows, window w takes characters [w*T, (w+1)*T) of every row, and the LSTM state carries from
  one window to the next. With W processes the stream is split into W*batch rows and process r takes
  rows [r*batch, (r+1)*batch), so each row still reads its text in order; the global batch is W*batch.
- the same model: inverted dropout after every LSTM layer, softmax cross-entropy (mean nats/char);
- the same optimiser: Adam (0.9, 0.999, eps 1e-7) at lr * lr_decay**epoch (times (step+1)/warmupSteps
  for the first warmupSteps steps), gradients clipped by
  global norm; the LSTM state zeroed at each epoch start and after each checkpoint;
- the same validation: validation.txt read statefully in min(batch, fit) rows, bits/char;
  checkpoints every `checkpointEvery` steps and at each epoch end; early stopping on `patience`.

Weights go in and out as safetensors in PyTorch's own layout (state_dict names); the import turns
them into the app's Keras/tfjs layout. Written by rank 0: checkpoints/step-NNNNNNN.safetensors and
loss-log.jsonl (one JSON object per line: step reports, checkpoints, the end of the run).
Needs only PyTorch (Debian: apt-get install python3-torch; elsewhere: pip install torch).
"""
import argparse
import ctypes
import json
import math
import os
import socket
import struct
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP

HERE = os.path.dirname(os.path.abspath(__file__))
LOSS_WINDOW = 50  # checkpoints report the mean training loss of the last 50 steps, as the app does
KEEP_LATEST = 5  # checkpoint files kept besides the best one, as the app's library does
ADAM_EPS = 1e-7  # tf.train.adam's epsilon, which the app's engine uses
MIN_DELTA = 1e-4  # early stopping: the improvement (bits/char) an epoch must make to count


# ----------------------------------------------------------------------------------------------
# safetensors: 8-byte little-endian header length, JSON header {name: {dtype, shape, data_offsets}},
# then the raw little-endian data. Written and read here so the job needs nothing but PyTorch.

def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {info['dtype']}; only F32 is supported")
        start, end = info["data_offsets"]
        flat = torch.frombuffer(bytearray(data[base + start:base + end]), dtype=torch.float32)
        tensors[name] = flat.reshape(info["shape"])
    return tensors


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        flat = t.detach().to("cpu", torch.float32).contiguous()
        blob = ctypes.string_at(flat.data_ptr(), flat.numel() * 4)  # the raw float32s, no numpy needed
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    head = json.dumps(header).encode("utf-8")
    head += b" " * (-len(head) % 8)  # the format pads the header to 8 bytes
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)  # a reader never sees half a checkpoint


# ----------------------------------------------------------------------------------------------
# The model. One nn.LSTM per layer (not num_layers=L) because the app drops out after EVERY layer,
# the last included, and nn.LSTM's own dropout skips the last one. Gates i, f, g, o = Keras's i, f, c, o.

class CharLSTM(nn.Module):
    def __init__(self, vocab_size, embedding_dim, units, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        sizes = [embedding_dim] + list(units)
        self.lstms = nn.ModuleList(nn.LSTM(sizes[i], sizes[i + 1], batch_first=True) for i in range(len(units)))
        self.dropout = nn.Dropout(dropout)
        self.dense = nn.Linear(sizes[-1], vocab_size)

    def zero_state(self, batch, device):
        # per layer (h, c), each (1, B, H)
        return [(torch.zeros(1, batch, l.hidden_size, device=device), torch.zeros(1, batch, l.hidden_size, device=device)) for l in self.lstms]

    def forward(self, x, state):
        # x: (B, T) token ids; state: per layer (h, c) each (1, B, H)
        y = self.embedding(x)  # (B, T, E)
        new_state = []
        for lstm, s in zip(self.lstms, state):
            y, s = lstm(y, s)  # (B, T, H)
            y = self.dropout(y)  # inverted dropout, training only
            new_state.append(s)
        return self.dense(y), new_state  # logits (B, T, V)


def detach_state(state):
    # truncated backpropagation: the state carries on, its history does not
    return [(h.detach(), c.detach()) for h, c in state]


# ----------------------------------------------------------------------------------------------
# Data: the app's seeded tune shuffle (src-main/model/corpus/stream.ts) and window layout (windows.ts).

def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def rand():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return rand


def epoch_order(count, seed, epoch):
    # Fisher-Yates with a generator seeded by (seed, epoch), exactly as epochOrder in stream.ts
    mixed = (((seed ^ 0x9E3779B9) & 0xFFFFFFFF) * 31) & 0xFFFFFFFF
    rand = mulberry32((mixed + epoch * 0x85EBCA6B) & 0xFFFFFFFF)
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = math.floor(rand() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def window_layout(length, rows, seq_len):
    row_length = length // rows
    windows = (row_length - 1) // seq_len if row_length > seq_len else 0
    return row_length, windows


def window_at(matrix, w, seq_len):
    # matrix: (rows, row_length) token ids -> inputs, targets each (rows, T)
    start = w * seq_len
    return matrix[:, start:start + seq_len], matrix[:, start + 1:start + seq_len + 1]


class Job:
    """job.json, vocab.json, train.txt and validation.txt, encoded."""

    def __init__(self, folder):
        with open(os.path.join(folder, "job.json"), encoding="utf-8") as f:
            self.meta = json.load(f)
        if self.meta.get("format") != "tunesmith-train-job-1":
            raise SystemExit(f"{folder}/job.json is not a Tunesmith training job")
        with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
            self.chars = json.load(f)["idx_to_char"]
        index = {c: i for i, c in enumerate(self.chars)}
        encode = lambda text: torch.tensor([index[c] for c in text], dtype=torch.long)
        with open(os.path.join(folder, "train.txt"), encoding="utf-8", newline="") as f:
            train = f.read()
        self.train_tunes, at = [], 0  # each tune with its closing blank line, in corpus order
        for n in self.meta["trainTuneLengths"]:
            self.train_tunes.append(encode(train[at:at + n]))
            at += n
        with open(os.path.join(folder, "validation.txt"), encoding="utf-8", newline="") as f:
            self.validation = encode(f.read())
        self.config = self.meta["config"]
        self.shape = self.meta["shape"]

    def epoch_stream(self, epoch):
        order = epoch_order(len(self.train_tunes), self.config["seed"], epoch)
        return torch.cat([self.train_tunes[i] for i in order])  # (N,)


@torch.no_grad()
def evaluate(model, stream, batch, seq_len, device):
    """Mean cross-entropy in bits/char, read statefully as the app's StreamEvaluator does."""
    rows = min(batch, (len(stream) - 1) // (seq_len + 1))
    if rows < 1:
        return None, 0
    row_length, windows = window_layout(len(stream), rows, seq_len)
    if windows == 0:
        return None, 0
    matrix = stream[:rows * row_length].view(rows, row_length).to(device)  # (rows, row_length)
    was_training = model.training
    model.eval()
    state = model.zero_state(rows, device)
    nats = 0.0
    for w in range(windows):
        x, y = window_at(matrix, w, seq_len)
        logits, state = model(x, state)  # (rows, T, V)
        nats += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item()
    model.train(was_training)
    return nats / windows / math.log(2), windows * rows * seq_len


def build_model(job, device, dropout):
    s = job.shape
    return CharLSTM(s["vocabSize"], s["embeddingDim"], s["lstmUnits"], dropout).to(device)


# ----------------------------------------------------------------------------------------------
# Training, one process per device.

class Log:
    """loss-log.jsonl and the console, written by rank 0 only."""

    def __init__(self, folder, enabled):
        self.enabled = enabled
        self.path = os.path.join(folder, "loss-log.jsonl")
        if enabled:
            open(self.path, "w").close()

    def write(self, record, text):
        if not self.enabled:
            return
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        print(text, flush=True)


def train(rank, world, local_rank, args):
    use_cuda = torch.cuda.is_available() and not args.cpu
    device = torch.device(f"cuda:{local_rank}" if use_cuda else "cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    elif "OMP_NUM_THREADS" not in os.environ:
        # share the cores among the processes of this machine instead of each taking them all
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // max(1, args.local_world)))
    backend = "nccl" if use_cuda else "gloo"
    dist.init_process_group(backend, rank=rank, world_size=world)
    job = Job(args.job)
    c = job.config
    B, T = c["batch"], c["seqLen"]
    torch.manual_seed(c["seed"] * 1000 + rank)  # a different dropout stream per process

    model = build_model(job, device, c["dropout"])
    model.load_state_dict(read_safetensors(os.path.join(args.job, job.meta["initialWeights"])))
    ddp = DDP(model, device_ids=[local_rank] if use_cuda else None)
    opt = torch.optim.Adam(ddp.parameters(), lr=c["lr"], betas=(0.9, 0.999), eps=ADAM_EPS)

    # Every epoch's stream has the same length (only the tune order changes): one layout.
    rows = B * world
    row_length, windows = window_layout(sum(len(t) for t in job.train_tunes), rows, T)
    if windows == 0:
        raise SystemExit(f"train.txt is too short for {world} processes x batch {B} x seq_len {T}: use fewer processes, a smaller batch or more tunes")
    log = Log(args.job, rank == 0)
    os.makedirs(os.path.join(args.job, "checkpoints"), exist_ok=True)
    log.write({"kind": "start", "worldSize": world, "backend": backend, "device": device.type, "torch": torch.__version__,
               "stepsPerEpoch": windows, "globalBatch": rows, "seqLen": T},
              f"{world} process(es) on {device.type} ({backend}), global batch {rows} x {T}, {windows} steps per epoch")

    step, best, epoch_best, since_best, recent, kept, last_saved = 0, None, None, 0, [], [], -1
    began = time.time()
    report_sum, report_n = 0.0, 0
    outcome = "completed"

    def checkpoint(kind, epoch_done):
        nonlocal best, last_saved
        last_saved = step
        if rank != 0:
            return
        val_bits, _ = evaluate(model, job.validation, B, T, device)
        is_best = val_bits is None or best is None or val_bits < best
        if val_bits is not None and is_best:
            best = val_bits
        name = f"checkpoints/step-{step:07d}.safetensors"
        write_safetensors(os.path.join(args.job, name), model.state_dict())
        kept.append((name, is_best))
        prune(args.job, kept)
        train_loss = sum(recent) / len(recent) if recent else None
        seconds = time.time() - began
        log.write({"kind": "checkpoint", "type": kind, "step": step, "epoch": epoch_done, "trainLoss": train_loss, "valBits": val_bits,
                   "isBest": is_best, "file": name, "charsPerSec": step * rows * T / seconds if seconds > 0 else 0},
                  f"checkpoint step {step} epoch {epoch_done:.2f}: train {fmt(train_loss)} nats/char, validation {fmt(val_bits)} bits/char{' (best)' if is_best else ''}")
        return val_bits

    warmup = min(c.get("warmupSteps", 0), windows)  # never longer than the first epoch, as in the app
    for epoch in range(c["epochs"]):
        epoch_lr = c["lr"] * c["lrDecay"] ** epoch
        for group in opt.param_groups:
            group["lr"] = epoch_lr
        stream = job.epoch_stream(epoch)[:rows * row_length].view(rows, row_length)  # (W*B, row_length)
        mine = stream[rank * B:(rank + 1) * B].to(device)  # (B, row_length): this process's rows
        state = model.zero_state(B, device)
        for w in range(windows):
            x, y = window_at(mine, w, T)  # (B, T) each
            logits, state = ddp(x, state)  # (B, T, V)
            state = detach_state(state)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))  # mean nats/char
            if step < warmup:  # the app's warm-up: linear to the epoch's rate
                for group in opt.param_groups:
                    group["lr"] = epoch_lr * (step + 1) / warmup
            elif step == warmup and step > 0:
                for group in opt.param_groups:
                    group["lr"] = epoch_lr
            opt.zero_grad(set_to_none=True)
            loss.backward()  # DDP averages the gradients over the processes here
            if c["clipNorm"] > 0:
                torch.nn.utils.clip_grad_norm_(ddp.parameters(), c["clipNorm"])
            opt.step()
            step += 1
            mean = loss.detach().clone()
            dist.all_reduce(mean)  # the global batch's loss, for the log
            value = mean.item() / world
            if not math.isfinite(value):
                raise SystemExit(f"Training diverged at step {step} (loss {value}); try a lower learning rate")
            recent = (recent + [value])[-LOSS_WINDOW:]
            report_sum, report_n = report_sum + value, report_n + 1
            if step % args.log_every == 0:
                seconds = time.time() - began
                log.write({"kind": "step", "step": step, "epoch": epoch + (w + 1) / windows, "trainLoss": report_sum / report_n,
                           "stepsPerSec": step / seconds, "charsPerSec": step * rows * T / seconds},
                          f"step {step} epoch {epoch + (w + 1) / windows:.2f} loss {report_sum / report_n:.4f} {step / seconds:.2f} steps/s")
                report_sum, report_n = 0.0, 0
            if step % c["checkpointEvery"] == 0 and w + 1 < windows:
                checkpoint("periodic", epoch + (w + 1) / windows)
                state = model.zero_state(B, device)  # as the app: a fresh state after each checkpoint
            if args.max_steps is not None and step >= args.max_steps and w + 1 < windows:
                outcome = "stopped"
                break
        if outcome == "stopped":
            if last_saved != step:  # unless a periodic checkpoint has just saved this step
                checkpoint("final", epoch + (w + 1) / windows)
            break
        val_bits = checkpoint("epoch", epoch + 1.0)
        # Early stopping as the app's (early-stopping.ts): epoch-end scores only, an improvement
        # must beat the best by MIN_DELTA. Every rank must decide alike, so rank 0's is broadcast.
        flag = torch.zeros(1, device=device)
        if rank == 0 and val_bits is not None:
            if epoch_best is None or val_bits < epoch_best - MIN_DELTA:
                epoch_best, since_best = val_bits, 0
            else:
                since_best += 1
            flag[0] = 1.0 if since_best >= c["patience"] else 0.0
        dist.broadcast(flag, 0)
        if flag.item() > 0:
            outcome = "early-stopped"
            break
        if args.max_steps is not None and step >= args.max_steps:
            outcome = "stopped"
            break

    seconds = time.time() - began
    log.write({"kind": "done", "outcome": outcome, "step": step, "bestValBits": best, "seconds": seconds,
               "stepsPerSec": step / seconds if seconds > 0 else 0, "worldSize": world, "backend": backend, "device": device.type,
               "torch": torch.__version__},
              f"done ({outcome}) after {step} steps in {seconds:.1f} s, best validation {fmt(best)} bits/char")
    dist.destroy_process_group()


def prune(folder, kept):
    """Keep the best checkpoint and the KEEP_LATEST newest; delete the rest."""
    best_index = max((i for i, (_, b) in enumerate(kept) if b), default=None)
    for i, (name, _) in enumerate(kept):
        if i != best_index and i < len(kept) - KEEP_LATEST and os.path.exists(os.path.join(folder, name)):
            os.remove(os.path.join(folder, name))


def fmt(x):
    return "-" if x is None else f"{x:.4f}"


def spawned(local_rank, world, args):
    train(local_rank, world, local_rank, args)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser(description="Train a Tunesmith model with PyTorch DDP (see the top of this file).")
    p.add_argument("--job", default=HERE, help="the job folder (default: this file's folder)")
    p.add_argument("--nproc-per-node", type=int, default=None, help="spawn this many processes here (without torchrun)")
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (a trial)")
    p.add_argument("--log-every", type=int, default=10, help="a step report every this many steps")
    p.add_argument("--cpu", action="store_true", help="train on the CPU even when a GPU is present")
    p.add_argument("--evaluate", metavar="WEIGHTS", help="print the validation bits/char of a .safetensors file and exit")
    args = p.parse_args()

    if args.evaluate:
        job = Job(args.job)
        model = build_model(job, torch.device("cpu"), 0.0)
        model.load_state_dict(read_safetensors(args.evaluate))
        bits, chars = evaluate(model, job.validation, job.config["batch"], job.config["seqLen"], torch.device("cpu"))
        print(json.dumps({"valBits": bits, "chars": chars}))
        return

    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:  # started by torchrun: it set the rendezvous
        args.local_world = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
        train(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ.get("LOCAL_RANK", "0")), args)
        return
    n = args.nproc_per_node or (torch.cuda.device_count() if torch.cuda.is_available() and not args.cpu else 1)
    args.local_world = n
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", str(free_port()))
    if n == 1:
        os.environ.update(RANK="0", WORLD_SIZE="1")
        train(0, 1, 0, args)
    else:
        mp.spawn(spawned, args=(n, args), nprocs=n, join=True)


if __name__ == "__main__":
    main()
