export const io = "the Socket.IO server";
