// The managers' live connection: one socket.io client on /operators, shared by every page.
import { io, type Socket } from "socket.io-client";
import { create } from "zustand";

type Status = "connecting" | "online" | "offline";

interface LiveState {
  status: Status;
  setStatus: (status: Status) => void;
}

export const useLive = create<LiveState>()((set) => ({
  status: "offline",
  setStatus: (status) => set({ status }),
}));

let socket: Socket | null = null;
let socketToken: string | null = null;

/** The operators' socket for this token; a new token (another login) makes a new socket. */
export function operatorSocket(token: string): Socket {
  if (socket && socketToken === token) return socket;
  socket?.disconnect();
  socketToken = token;
  useLive.getState().setStatus("connecting");
  socket = io("/operators", {
    path: "/socket.io",
    auth: { token },
    transports: ["websocket", "polling"],
    reconnectionDelayMax: 10_000,
  });
  socket.on("connect", () => useLive.getState().setStatus("online"));
  socket.on("disconnect", () => useLive.getState().setStatus("offline"));
  socket.on("connect_error", () => useLive.getState().setStatus("offline"));
  return socket;
}

export function closeOperatorSocket(): void {
  socket?.disconnect();
  socket = null;
  socketToken = null;
  useLive.getState().setStatus("offline");
}
