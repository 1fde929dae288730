// QEMU 10.0.2 user mode (aarch64 TCG) computes `bsl` wrongly when its second source register
// (Vm) holds all ones written by `movi`: the result is all ones. The same values loaded from
// memory give the architectural result. This is why Cranelift aarch64's code for
// `v128.bitselect(a, all-ones, mask)` diverges under QEMU: Cranelift materializes the constant
// with `movi vN.16b, #0xff` and selects with `bsl`.
//
//   aarch64-linux-gnu-gcc -O1 -static qemu-bsl.c -o qemu-bsl && qemu-aarch64 ./qemu-bsl
//
// prints "movi vm #0xff -> ff (expected 3c)" under QEMU 10.0.2 (Debian bookworm-backports).
#include <stdio.h>
#include <stdint.h>
#define T(name, setup) { uint8_t out[16]; __asm__ volatile( \
    "ldr q0, [%1]\n ldr q5, [%2]\n ldr q6, [%3]\n" setup "\n bsl v0.16b, v5.16b, v6.16b\n str q0, [%0]\n" \
    :: "r"(out), "r"(d), "r"(n), "r"(m) : "v0","v5","v6","memory"); \
    printf("%-28s -> %02x (expected %02x)\n", name, out[0], (uint8_t)((d[0]&n[0])|(~d[0]&m[0]))); }
int main(){
  uint8_t d[16], n[16], m[16];
  for (int i=0;i<16;i++){ d[i]=0xc3; n[i]=0x00; m[i]=0xff; }
  T("loaded", "")
  T("movi vm #0xff", "movi v6.16b, #0xff")
  T("movi vn #0x00", "movi v5.16b, #0x00")
  for (int i=0;i<16;i++){ d[i]=0xc3; n[i]=0xff; m[i]=0x00; }
  T("loaded (n=ff, m=00)", "")
  T("movi vn #0xff", "movi v5.16b, #0xff")
  T("movi vm #0x00", "movi v6.16b, #0x00")
  for (int i=0;i<16;i++){ d[i]=0xc3; n[i]=0x00; m[i]=0x0f; }
  T("movi vm #0x0f", "movi v6.16b, #0x0f")
}
