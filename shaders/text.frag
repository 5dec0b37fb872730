// Samples one glyph of the font atlas (R8, glyphs side by side, top row first).
in vec2 vUv;
out vec4 fragColor;
uniform sampler2D uFont;
uniform float uGlyph;        // index in the atlas
uniform float uGlyphCount;
uniform vec4 uColor;

void main()
{
    float a = texture(uFont, vec2((uGlyph + vUv.x) / uGlyphCount, vUv.y)).r;
    if (a < 0.5)
        discard;
    fragColor = uColor;
}
