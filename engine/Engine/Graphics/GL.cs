// The OpenGL 4.5 core entry points the engine uses, loaded once per context as unmanaged function
// pointers (no wrapper package is available here, and a function pointer call costs nothing extra).
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PacsSeg.Engine.Graphics;

/// <summary>GL 4.5 core functions, only those the engine calls. Use only on the thread owning the context.</summary>
public sealed unsafe class GL
{
    private readonly delegate* unmanaged<uint> _getError;
    private readonly delegate* unmanaged<uint, byte*> _getString;
    private readonly delegate* unmanaged<uint, int*, void> _getIntegerv;
    private readonly delegate* unmanaged<int, int, int, int, void> _viewport;
    private readonly delegate* unmanaged<int, int, int, int, void> _scissor;
    private readonly delegate* unmanaged<float, float, float, float, void> _clearColor;
    private readonly delegate* unmanaged<uint, void> _clear;
    private readonly delegate* unmanaged<uint, void> _enable;
    private readonly delegate* unmanaged<uint, void> _disable;
    private readonly delegate* unmanaged<uint, uint, void> _blendFunc;
    private readonly delegate* unmanaged<void> _finish;
    private readonly delegate* unmanaged<int, int, int, int, uint, uint, void*, void> _readPixels;
    private readonly delegate* unmanaged<uint, int, void> _pixelStorei;
    private readonly delegate* unmanaged<uint, int, uint*, void> _createTextures;
    private readonly delegate* unmanaged<uint, int, uint, int, int, void> _textureStorage2D;
    private readonly delegate* unmanaged<uint, int, uint, int, int, int, void> _textureStorage3D;
    private readonly delegate* unmanaged<uint, int, int, int, int, int, uint, uint, void*, void> _textureSubImage2D;
    private readonly delegate* unmanaged<uint, int, int, int, int, int, int, int, uint, uint, void*, void> _textureSubImage3D;
    private readonly delegate* unmanaged<uint, uint, int, void> _textureParameteri;
    private readonly delegate* unmanaged<uint, uint, void> _bindTextureUnit;
    private readonly delegate* unmanaged<int, uint*, void> _deleteTextures;
    private readonly delegate* unmanaged<uint, byte> _isTexture;
    private readonly delegate* unmanaged<int, uint*, void> _createFramebuffers;
    private readonly delegate* unmanaged<uint, uint, uint, int, void> _namedFramebufferTexture;
    private readonly delegate* unmanaged<uint, uint, uint> _checkNamedFramebufferStatus;
    private readonly delegate* unmanaged<uint, uint, void> _bindFramebuffer;
    private readonly delegate* unmanaged<int, uint*, void> _deleteFramebuffers;
    private readonly delegate* unmanaged<uint, byte> _isFramebuffer;
    private readonly delegate* unmanaged<uint, uint, int, int, int, int, int, int, int, int, uint, uint, void> _blitNamedFramebuffer;
    private readonly delegate* unmanaged<uint, uint> _createShader;
    private readonly delegate* unmanaged<uint, int, byte**, int*, void> _shaderSource;
    private readonly delegate* unmanaged<uint, void> _compileShader;
    private readonly delegate* unmanaged<uint, uint, int*, void> _getShaderiv;
    private readonly delegate* unmanaged<uint, int, int*, byte*, void> _getShaderInfoLog;
    private readonly delegate* unmanaged<uint, void> _deleteShader;
    private readonly delegate* unmanaged<uint> _createProgram;
    private readonly delegate* unmanaged<uint, uint, void> _attachShader;
    private readonly delegate* unmanaged<uint, uint, void> _detachShader;
    private readonly delegate* unmanaged<uint, void> _linkProgram;
    private readonly delegate* unmanaged<uint, uint, int*, void> _getProgramiv;
    private readonly delegate* unmanaged<uint, int, int*, byte*, void> _getProgramInfoLog;
    private readonly delegate* unmanaged<uint, void> _deleteProgram;
    private readonly delegate* unmanaged<uint, byte> _isProgram;
    private readonly delegate* unmanaged<uint, void> _useProgram;
    private readonly delegate* unmanaged<uint, byte*, int> _getUniformLocation;
    private readonly delegate* unmanaged<uint, int, int, void> _programUniform1i;
    private readonly delegate* unmanaged<uint, int, float, void> _programUniform1f;
    private readonly delegate* unmanaged<uint, int, float, float, void> _programUniform2f;
    private readonly delegate* unmanaged<uint, int, float, float, float, void> _programUniform3f;
    private readonly delegate* unmanaged<uint, int, float, float, float, float, void> _programUniform4f;
    private readonly delegate* unmanaged<uint, int, int, byte, float*, void> _programUniformMatrix4fv;
    private readonly delegate* unmanaged<int, uint*, void> _createVertexArrays;
    private readonly delegate* unmanaged<uint, void> _bindVertexArray;
    private readonly delegate* unmanaged<int, uint*, void> _deleteVertexArrays;
    private readonly delegate* unmanaged<uint, byte> _isVertexArray;
    private readonly delegate* unmanaged<uint, int, int, void> _drawArrays;

    /// <summary>Loads every entry point through <paramref name="getProcAddress"/>; throws if one is missing.</summary>
    public GL(Func<string, nint> getProcAddress)
    {
        ArgumentNullException.ThrowIfNull(getProcAddress);
        nint L(string name)
        {
            nint p = getProcAddress(name);
            if (p == 0)
                throw new GraphicsException($"OpenGL entry point {name} is missing; the engine needs OpenGL 4.5 core.");
            return p;
        }
        _getError = (delegate* unmanaged<uint>)L("glGetError");
        _getString = (delegate* unmanaged<uint, byte*>)L("glGetString");
        _getIntegerv = (delegate* unmanaged<uint, int*, void>)L("glGetIntegerv");
        _viewport = (delegate* unmanaged<int, int, int, int, void>)L("glViewport");
        _scissor = (delegate* unmanaged<int, int, int, int, void>)L("glScissor");
        _clearColor = (delegate* unmanaged<float, float, float, float, void>)L("glClearColor");
        _clear = (delegate* unmanaged<uint, void>)L("glClear");
        _enable = (delegate* unmanaged<uint, void>)L("glEnable");
        _disable = (delegate* unmanaged<uint, void>)L("glDisable");
        _blendFunc = (delegate* unmanaged<uint, uint, void>)L("glBlendFunc");
        _finish = (delegate* unmanaged<void>)L("glFinish");
        _readPixels = (delegate* unmanaged<int, int, int, int, uint, uint, void*, void>)L("glReadPixels");
        _pixelStorei = (delegate* unmanaged<uint, int, void>)L("glPixelStorei");
        _createTextures = (delegate* unmanaged<uint, int, uint*, void>)L("glCreateTextures");
        _textureStorage2D = (delegate* unmanaged<uint, int, uint, int, int, void>)L("glTextureStorage2D");
        _textureStorage3D = (delegate* unmanaged<uint, int, uint, int, int, int, void>)L("glTextureStorage3D");
        _textureSubImage2D = (delegate* unmanaged<uint, int, int, int, int, int, uint, uint, void*, void>)L("glTextureSubImage2D");
        _textureSubImage3D = (delegate* unmanaged<uint, int, int, int, int, int, int, int, uint, uint, void*, void>)L("glTextureSubImage3D");
        _textureParameteri = (delegate* unmanaged<uint, uint, int, void>)L("glTextureParameteri");
        _bindTextureUnit = (delegate* unmanaged<uint, uint, void>)L("glBindTextureUnit");
        _deleteTextures = (delegate* unmanaged<int, uint*, void>)L("glDeleteTextures");
        _isTexture = (delegate* unmanaged<uint, byte>)L("glIsTexture");
        _createFramebuffers = (delegate* unmanaged<int, uint*, void>)L("glCreateFramebuffers");
        _namedFramebufferTexture = (delegate* unmanaged<uint, uint, uint, int, void>)L("glNamedFramebufferTexture");
        _checkNamedFramebufferStatus = (delegate* unmanaged<uint, uint, uint>)L("glCheckNamedFramebufferStatus");
        _bindFramebuffer = (delegate* unmanaged<uint, uint, void>)L("glBindFramebuffer");
        _deleteFramebuffers = (delegate* unmanaged<int, uint*, void>)L("glDeleteFramebuffers");
        _isFramebuffer = (delegate* unmanaged<uint, byte>)L("glIsFramebuffer");
        _blitNamedFramebuffer = (delegate* unmanaged<uint, uint, int, int, int, int, int, int, int, int, uint, uint, void>)L("glBlitNamedFramebuffer");
        _createShader = (delegate* unmanaged<uint, uint>)L("glCreateShader");
        _shaderSource = (delegate* unmanaged<uint, int, byte**, int*, void>)L("glShaderSource");
        _compileShader = (delegate* unmanaged<uint, void>)L("glCompileShader");
        _getShaderiv = (delegate* unmanaged<uint, uint, int*, void>)L("glGetShaderiv");
        _getShaderInfoLog = (delegate* unmanaged<uint, int, int*, byte*, void>)L("glGetShaderInfoLog");
        _deleteShader = (delegate* unmanaged<uint, void>)L("glDeleteShader");
        _createProgram = (delegate* unmanaged<uint>)L("glCreateProgram");
        _attachShader = (delegate* unmanaged<uint, uint, void>)L("glAttachShader");
        _detachShader = (delegate* unmanaged<uint, uint, void>)L("glDetachShader");
        _linkProgram = (delegate* unmanaged<uint, void>)L("glLinkProgram");
        _getProgramiv = (delegate* unmanaged<uint, uint, int*, void>)L("glGetProgramiv");
        _getProgramInfoLog = (delegate* unmanaged<uint, int, int*, byte*, void>)L("glGetProgramInfoLog");
        _deleteProgram = (delegate* unmanaged<uint, void>)L("glDeleteProgram");
        _isProgram = (delegate* unmanaged<uint, byte>)L("glIsProgram");
        _useProgram = (delegate* unmanaged<uint, void>)L("glUseProgram");
        _getUniformLocation = (delegate* unmanaged<uint, byte*, int>)L("glGetUniformLocation");
        _programUniform1i = (delegate* unmanaged<uint, int, int, void>)L("glProgramUniform1i");
        _programUniform1f = (delegate* unmanaged<uint, int, float, void>)L("glProgramUniform1f");
        _programUniform2f = (delegate* unmanaged<uint, int, float, float, void>)L("glProgramUniform2f");
        _programUniform3f = (delegate* unmanaged<uint, int, float, float, float, void>)L("glProgramUniform3f");
        _programUniform4f = (delegate* unmanaged<uint, int, float, float, float, float, void>)L("glProgramUniform4f");
        _programUniformMatrix4fv = (delegate* unmanaged<uint, int, int, byte, float*, void>)L("glProgramUniformMatrix4fv");
        _createVertexArrays = (delegate* unmanaged<int, uint*, void>)L("glCreateVertexArrays");
        _bindVertexArray = (delegate* unmanaged<uint, void>)L("glBindVertexArray");
        _deleteVertexArrays = (delegate* unmanaged<int, uint*, void>)L("glDeleteVertexArrays");
        _isVertexArray = (delegate* unmanaged<uint, byte>)L("glIsVertexArray");
        _drawArrays = (delegate* unmanaged<uint, int, int, void>)L("glDrawArrays");
    }

    public uint GetError() => _getError();

    public string GetString(uint name)
    {
        byte* s = _getString(name);
        return s == null ? string.Empty : Marshal.PtrToStringUTF8((nint)s) ?? string.Empty;
    }

    public int GetInteger(uint name)
    {
        int v;
        _getIntegerv(name, &v);
        return v;
    }

    public void Viewport(int x, int y, int w, int h) => _viewport(x, y, w, h);
    public void Scissor(int x, int y, int w, int h) => _scissor(x, y, w, h);
    public void ClearColor(float r, float g, float b, float a) => _clearColor(r, g, b, a);
    public void Clear(uint mask) => _clear(mask);
    public void Enable(uint cap) => _enable(cap);
    public void Disable(uint cap) => _disable(cap);
    public void BlendFunc(uint src, uint dst) => _blendFunc(src, dst);
    public void Finish() => _finish();
    public void PixelStore(uint name, int value) => _pixelStorei(name, value);

    public void ReadPixels(int x, int y, int w, int h, uint format, uint type, Span<byte> dest)
    {
        fixed (byte* p = dest)
            _readPixels(x, y, w, h, format, type, p);
    }

    public uint CreateTexture(uint target)
    {
        uint id;
        _createTextures(target, 1, &id);
        return id;
    }

    public void TextureStorage2D(uint tex, int levels, uint internalFormat, int w, int h) => _textureStorage2D(tex, levels, internalFormat, w, h);
    public void TextureStorage3D(uint tex, int levels, uint internalFormat, int w, int h, int d) => _textureStorage3D(tex, levels, internalFormat, w, h, d);

    public void TextureSubImage2D<T>(uint tex, int w, int h, uint format, uint type, ReadOnlySpan<T> data) where T : unmanaged
    {
        fixed (T* p = data)
            _textureSubImage2D(tex, 0, 0, 0, w, h, format, type, p);
    }

    public void TextureSubImage3D<T>(uint tex, int w, int h, int d, uint format, uint type, ReadOnlySpan<T> data) where T : unmanaged
    {
        fixed (T* p = data)
            _textureSubImage3D(tex, 0, 0, 0, 0, w, h, d, format, type, p);
    }

    public void TextureParameter(uint tex, uint name, int value) => _textureParameteri(tex, name, value);
    public void BindTextureUnit(uint unit, uint tex) => _bindTextureUnit(unit, tex);
    public void DeleteTexture(uint id) => _deleteTextures(1, &id);
    public bool IsTexture(uint id) => _isTexture(id) != 0;

    public uint CreateFramebuffer()
    {
        uint id;
        _createFramebuffers(1, &id);
        return id;
    }

    public void NamedFramebufferTexture(uint fb, uint attachment, uint tex) => _namedFramebufferTexture(fb, attachment, tex, 0);
    public uint CheckNamedFramebufferStatus(uint fb, uint target) => _checkNamedFramebufferStatus(fb, target);
    public void BindFramebuffer(uint target, uint fb) => _bindFramebuffer(target, fb);
    public void DeleteFramebuffer(uint id) => _deleteFramebuffers(1, &id);
    public bool IsFramebuffer(uint id) => _isFramebuffer(id) != 0;

    public void BlitNamedFramebuffer(uint src, uint dst, int sx0, int sy0, int sx1, int sy1, int dx0, int dy0, int dx1, int dy1, uint mask, uint filter) =>
        _blitNamedFramebuffer(src, dst, sx0, sy0, sx1, sy1, dx0, dy0, dx1, dy1, mask, filter);

    public uint CreateShader(uint type) => _createShader(type);

    public void ShaderSource(uint shader, string source)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(source);
        fixed (byte* p = bytes)
        {
            byte* ptr = p;
            int len = bytes.Length;
            _shaderSource(shader, 1, &ptr, &len);
        }
    }

    public void CompileShader(uint shader) => _compileShader(shader);

    public int GetShader(uint shader, uint name)
    {
        int v;
        _getShaderiv(shader, name, &v);
        return v;
    }

    public string GetShaderInfoLog(uint shader)
    {
        int len = Math.Max(GetShader(shader, GLConst.InfoLogLength), 1);
        var buf = new byte[len];
        fixed (byte* p = buf)
            _getShaderInfoLog(shader, len, &len, p);
        return Encoding.UTF8.GetString(buf, 0, Math.Max(0, len));
    }

    public void DeleteShader(uint id) => _deleteShader(id);
    public uint CreateProgram() => _createProgram();
    public void AttachShader(uint program, uint shader) => _attachShader(program, shader);
    public void DetachShader(uint program, uint shader) => _detachShader(program, shader);
    public void LinkProgram(uint program) => _linkProgram(program);

    public int GetProgram(uint program, uint name)
    {
        int v;
        _getProgramiv(program, name, &v);
        return v;
    }

    public string GetProgramInfoLog(uint program)
    {
        int len = Math.Max(GetProgram(program, GLConst.InfoLogLength), 1);
        var buf = new byte[len];
        fixed (byte* p = buf)
            _getProgramInfoLog(program, len, &len, p);
        return Encoding.UTF8.GetString(buf, 0, Math.Max(0, len));
    }

    public void DeleteProgram(uint id) => _deleteProgram(id);
    public bool IsProgram(uint id) => _isProgram(id) != 0;
    public void UseProgram(uint id) => _useProgram(id);

    public int GetUniformLocation(uint program, string name)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes)
            return _getUniformLocation(program, p);
    }

    public void ProgramUniform(uint program, int loc, int v) => _programUniform1i(program, loc, v);
    public void ProgramUniform(uint program, int loc, float v) => _programUniform1f(program, loc, v);
    public void ProgramUniform(uint program, int loc, float x, float y) => _programUniform2f(program, loc, x, y);
    public void ProgramUniform(uint program, int loc, float x, float y, float z) => _programUniform3f(program, loc, x, y, z);
    public void ProgramUniform(uint program, int loc, float x, float y, float z, float w) => _programUniform4f(program, loc, x, y, z, w);

    /// <summary>Sets a mat4 from 16 floats in column-major order.</summary>
    public void ProgramUniformMatrix4(uint program, int loc, ReadOnlySpan<float> columnMajor)
    {
        fixed (float* p = columnMajor)
            _programUniformMatrix4fv(program, loc, 1, 0, p);
    }

    public uint CreateVertexArray()
    {
        uint id;
        _createVertexArrays(1, &id);
        return id;
    }

    public void BindVertexArray(uint id) => _bindVertexArray(id);
    public void DeleteVertexArray(uint id) => _deleteVertexArrays(1, &id);
    public bool IsVertexArray(uint id) => _isVertexArray(id) != 0;
    public void DrawArrays(uint mode, int first, int count) => _drawArrays(mode, first, count);

    /// <summary>Throws on a pending GL error; compiled out of release builds so frames pay nothing.</summary>
    [Conditional("DEBUG")]
    public void CheckError(string where)
    {
        uint e = _getError();
        if (e != 0)
            throw new GraphicsException($"OpenGL error 0x{e:X4} after {where}.");
    }
}
