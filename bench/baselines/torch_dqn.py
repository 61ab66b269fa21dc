"""Baseline for bench/dqn.ts: DQN on CartPole-v1 in PyTorch, one thread, with CleanRL dqn.py's defaults.

Written for qlens (not a copy of CleanRL): the same loop shape and hyper-parameters as CleanRL's
dqn.py (lr 2.5e-4, buffer 10,000, gamma 0.99, tau 1, target every 500 steps, batch 128, epsilon
1 -> 0.05 over half the run, learning starts 10,000, train every 10 steps, MLP 120-84, MSE, Adam),
on a NumPy CartPole with Gymnasium's equations, so the cost per step matches what a CleanRL user
pays on this machine. Prints one JSON object: {"stepsPerSec": ..., "seconds": ..., "steps": ...}.

Usage: /usr/bin/python3 bench/baselines/torch_dqn.py [total_steps] [seed]
Needs Debian's python3-torch (apt-get install python3-torch).
"""
import json
import math
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)


class CartPole:
    """Gymnasium CartPole-v1 dynamics (Euler integrator), time limit 500."""

    gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = masspole + masscart
    polemass_length = masspole * length
    theta_threshold = 12 * 2 * math.pi / 360
    x_threshold = 2.4

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.state = None
        self.t = 0

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=(4,))
        self.t = 0
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta, sintheta = math.cos(theta), math.sin(theta)
        temp = (force + self.polemass_length * theta_dot**2 * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * costheta**2 / self.total_mass)
        )
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = np.array((x, x_dot, theta, theta_dot), dtype=np.float64)
        self.t += 1
        terminated = bool(x < -self.x_threshold or x > self.x_threshold or theta < -self.theta_threshold or theta > self.theta_threshold)
        truncated = self.t >= 500
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated


class QNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.network = nn.Sequential(nn.Linear(4, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 2))

    def forward(self, x):
        return self.network(x)


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    lr, buffer_size, gamma, tau, target_freq, batch = 2.5e-4, 10_000, 0.99, 1.0, 500, 128
    start_e, end_e, fraction, learning_starts, train_freq = 1.0, 0.05, 0.5, 10_000, 10

    env = CartPole(seed)
    q, target = QNetwork(), QNetwork()
    target.load_state_dict(q.state_dict())
    optimizer = torch.optim.Adam(q.parameters(), lr=lr)
    obs_buf = np.zeros((buffer_size, 4), dtype=np.float32)
    next_buf = np.zeros((buffer_size, 4), dtype=np.float32)
    act_buf = np.zeros((buffer_size, 1), dtype=np.int64)
    rew_buf = np.zeros((buffer_size,), dtype=np.float32)
    done_buf = np.zeros((buffer_size,), dtype=np.float32)
    pos, full = 0, False

    obs = env.reset()
    start = time.time()
    for step in range(total):
        epsilon = max((end_e - start_e) / (fraction * total) * step + start_e, end_e)
        if random.random() < epsilon:
            action = random.randrange(2)
        else:
            with torch.no_grad():
                action = int(torch.argmax(q(torch.as_tensor(obs).unsqueeze(0)), dim=1).item())
        next_obs, reward, terminated, truncated = env.step(action)
        obs_buf[pos], next_buf[pos], act_buf[pos], rew_buf[pos], done_buf[pos] = obs, next_obs, action, reward, float(terminated)
        pos = (pos + 1) % buffer_size
        full = full or pos == 0
        obs = env.reset() if (terminated or truncated) else next_obs

        if step > learning_starts:
            if step % train_freq == 0:
                idx = np.random.randint(0, buffer_size if full else pos, size=batch)
                o, n = torch.as_tensor(obs_buf[idx]), torch.as_tensor(next_buf[idx])
                a, r, d = torch.as_tensor(act_buf[idx]), torch.as_tensor(rew_buf[idx]), torch.as_tensor(done_buf[idx])
                with torch.no_grad():
                    target_max, _ = target(n).max(dim=1)
                    td_target = r + gamma * target_max * (1 - d)
                old_val = q(o).gather(1, a).squeeze()
                loss = F.mse_loss(td_target, old_val)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            if step % target_freq == 0:
                for tp, qp in zip(target.parameters(), q.parameters()):
                    tp.data.copy_(tau * qp.data + (1.0 - tau) * tp.data)
    seconds = time.time() - start
    print(json.dumps({"stepsPerSec": total / seconds, "seconds": seconds, "steps": total, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
