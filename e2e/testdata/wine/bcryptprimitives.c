/*
 * A stand-in for bcryptprimitives.dll, for running deskbreak's Windows build under Wine 8.
 *
 * Go 1.24 and later import ProcessPrng from bcryptprimitives.dll, which Windows 10 has and
 * Wine 8.0 does not (Wine 9 added it), so a Go .exe does not start under Wine 8. This DLL
 * exports ProcessPrng and fills the buffer from RtlGenRandom (SystemFunction036 in
 * advapi32), the generator Go used before. It is for tests only: never ship it.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -shared -o bcryptprimitives.dll bcryptprimitives.c \
 *          bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
