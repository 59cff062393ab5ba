/* Wine 8 has no bcryptprimitives.dll, where Rust's std (1.78+) finds ProcessPrng for its random
 * numbers on Windows. This stand-in, placed beside the test executables when they run under Wine
 * in CI only, answers ProcessPrng with advapi32's RtlGenRandom (SystemFunction036). It is never
 * shipped: real Windows has the real DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
