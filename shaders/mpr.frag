// One multiplanar reformat slice: a plane in patient space resampled through the volume geometry,
// greyscale by window/level, with label fill or outline, uncertainty colormap and a crosshair.
//   LABELS, LABEL_OUTLINE, UNCERTAINTY as in volume.frag
in vec2 vNdc;
out vec4 fragColor;

uniform mat4 uPatientToTex;
uniform vec3 uPlaneCenter;      // patient point at ndc (0,0)
uniform vec3 uPlaneRight;       // patient vector for ndc x = 1
uniform vec3 uPlaneUp;          // patient vector for ndc y = 1
uniform vec2 uPixelNdc;         // size of one pixel in ndc
uniform vec2 uCrosshairNdc;     // where the crosshair lines cross
uniform vec4 uCrosshairColor;
uniform sampler3D uVolume;
uniform vec2 uWindowScaleBias;
uniform vec4 uBackground;
#ifdef LABELS
uniform usampler3D uLabels;
uniform sampler2D uLabelColors;
uniform vec3 uVolumeSize;
uniform float uLabelFillOpacity;
#endif
#ifdef UNCERTAINTY
uniform sampler2D uUncertaintyColors;
uniform float uUncertaintyThreshold;
uniform float uUncertaintyBlend;
#endif

vec3 texAt(vec2 ndc)
{
    return (uPatientToTex * vec4(uPlaneCenter + ndc.x * uPlaneRight + ndc.y * uPlaneUp, 1.0)).xyz;
}

bool inside(vec3 p)
{
    return all(greaterThanEqual(p, vec3(0.0))) && all(lessThanEqual(p, vec3(1.0)));
}

#ifdef LABELS
uint labelAt(vec3 p)
{
    if (!inside(p))
        return 0u;
    return texelFetch(uLabels, clamp(ivec3(p * uVolumeSize), ivec3(0), ivec3(uVolumeSize) - 1), 0).r;
}
#endif

void main()
{
    vec3 p = texAt(vNdc);
    vec3 color = uBackground.rgb;
    if (inside(p))
    {
        vec2 sample2 = texture(uVolume, p).rg;
        float s = sample2.r;
        color = vec3(clamp(s * uWindowScaleBias.x + uWindowScaleBias.y, 0.0, 1.0));
#ifdef UNCERTAINTY
        float u = sample2.g;
        if (u > uUncertaintyThreshold)
        {
            float x = (u - uUncertaintyThreshold) / max(1.0 - uUncertaintyThreshold, 1e-3);
            color = mix(color, texture(uUncertaintyColors, vec2(x, 0.5)).rgb, uUncertaintyBlend);
        }
#endif
#ifdef LABELS
        uint lab = labelAt(p);
        if (lab != 0u)
        {
            vec4 lc = texelFetch(uLabelColors, ivec2(int(lab), 0), 0);
#ifdef LABEL_OUTLINE
            // Outline in screen space: a pixel whose neighbour one pixel away has another label.
            bool edge = labelAt(texAt(vNdc + vec2(uPixelNdc.x, 0.0))) != lab
                     || labelAt(texAt(vNdc - vec2(uPixelNdc.x, 0.0))) != lab
                     || labelAt(texAt(vNdc + vec2(0.0, uPixelNdc.y))) != lab
                     || labelAt(texAt(vNdc - vec2(0.0, uPixelNdc.y))) != lab;
            if (edge && lc.a > 0.0)
                color = lc.rgb;
#else
            if (lc.a > 0.0)
                color = mix(color, lc.rgb, uLabelFillOpacity);
#endif
        }
#endif
    }
    vec2 dist = abs(vNdc - uCrosshairNdc) / uPixelNdc;
    bool nearCentre = all(lessThan(dist, vec2(8.0)));
    if (uCrosshairColor.a > 0.0 && !nearCentre && (dist.x < 0.75 || dist.y < 0.75))
        color = mix(color, uCrosshairColor.rgb, uCrosshairColor.a);
    fragColor = vec4(color, 1.0);
}
